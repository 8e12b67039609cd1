"""The register of resolutions (токтомдор): entry, publication, the Russian copy."""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from initiatives.models import Contest
from monitoring.models import MonitoringGroup
from municipality.dates import official_date
from municipality.models import AuditEntry, Notice, OfficialDocument
from municipality.queue import task_named
from municipality.services import (
    audit_record,
    document_issue,
    notice_publish,
    workflow_check,
    workflow_move,
)
from municipality.services.documents import document_translation_pdf

from .. import permissions as perms
from ..models import (
    Resolution,
    Session,
)
from ._common import KYRGYZ, _require

logger = logging.getLogger(__name__)

# The register of resolutions


@transaction.atomic
def resolution_register(
    *,
    actor,
    number: str,
    adopted_on: datetime.date,
    title: str,
    text: str,
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstained: int = 0,
    session: Session | None = None,
) -> Resolution:
    """Enter a resolution adopted outside the portal (an earlier one) into the register."""
    _require(perms.can_manage_kenesh(actor))
    resolution = Resolution.objects.create(
        number=number.strip(),
        adopted_on=adopted_on,
        title=title,
        text=text,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstained=votes_abstained,
        session=session,
    )
    audit_record(actor=actor, obj=resolution, action=AuditEntry.Action.CREATE)
    return resolution


def resolution_link_typed(*, resolution: Resolution) -> int:
    """Link contests and monitoring groups that typed this number and date; how many."""
    if not resolution.number:
        return 0
    linked = 0
    for model in (Contest, MonitoringGroup):
        linked += model.objects.filter(
            resolution_number=resolution.number,
            resolution_date=resolution.adopted_on,
            kenesh_resolution__isnull=True,
        ).update(kenesh_resolution=resolution)
    return linked


@transaction.atomic
def resolution_publish(*, actor, resolution: Resolution, signer_name: str = "") -> Resolution:
    """Issue the numbered PDF, publish the notice; the Russian copy is stored after commit."""
    # Without a number (entered by hand) the resolution takes the register's. The Russian
    # translation copy (same record, same number) is `resolution_translation_store`.
    _require(perms.can_manage_kenesh(actor))
    workflow_check(obj=resolution, to=Resolution.Status.PUBLISHED, actor=actor)
    with override(KYRGYZ):
        position = _("Chair of the ayil kenesh")
    resolution.document = document_issue(
        kind=OfficialDocument.Kind.RESOLUTION,
        subject=resolution,
        title=resolution.title,
        template_name="kenesh/pdf/resolution.html",
        actor=actor,
        signer_name=signer_name,
        signer_position=position,
        date=resolution.adopted_on,
    )
    if not resolution.number:
        resolution.number = str(resolution.document.number)
    texts = {}
    for language in ("ky", "ru"):
        with override(language):
            texts[language] = (
                _("Kenesh resolution № %(number)s of %(date)s: %(title)s")
                % {
                    "number": resolution.number,
                    "date": official_date(resolution.adopted_on),
                    "title": resolution.title,
                },
                resolution.text,
            )
    resolution.notice = notice_publish(
        actor=actor,
        category=Notice.Category.KENESH,
        title=texts["ky"][0][:300],
        body=texts["ky"][1],
        title_ru=texts["ru"][0][:300],
        body_ru=texts["ru"][1],
        subject=resolution,
    )
    resolution.published_at = timezone.now()
    resolution = workflow_move(
        obj=resolution,
        to=Resolution.Status.PUBLISHED,
        actor=actor,
        extra_fields=["document", "number", "notice", "published_at"],
    )
    resolution_link_typed(resolution=resolution)
    transaction.on_commit(lambda: _translation_queue(resolution.pk))
    return resolution


def _translation_queue(resolution_id: int) -> None:
    """Queue the Russian copy; when the broker is down the daily kenesh task stores it."""
    try:
        task_named(name="kenesh.tasks.resolution_translation_task").delay(
            resolution_id=resolution_id
        )
    except Exception:  # noqa: BLE001 — the broker is down; `resolution_translations_store` runs daily
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
            raise
        logger.warning("resolution %s: broker unavailable, Russian copy later", resolution_id)


def resolution_translation_store(*, resolution: Resolution) -> Resolution:
    """Render and store the Russian translation copy (same number); idempotent (locked)."""
    with transaction.atomic():
        resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
        if resolution.pdf_ru or resolution.document is None:
            return resolution
        pdf = document_translation_pdf(document=resolution.document, language="ru")
        resolution.pdf_ru.save(
            f"resolution-{resolution.document.number}-ru.pdf", ContentFile(pdf), save=False
        )
        resolution.pdf_ru_sha256 = hashlib.sha256(pdf).hexdigest()
        resolution.save(update_fields=["pdf_ru", "pdf_ru_sha256", "updated_at"])
        audit_record(
            actor=None,
            obj=resolution,
            action=AuditEntry.Action.UPDATE,
            changes={"pdf_ru": ("", resolution.pdf_ru_sha256)},
        )
    return resolution


def resolution_translations_store() -> int:
    """Store the Russian copies still missing (a lost task, a broker outage); how many."""
    missing = Resolution.objects.filter(
        status=Resolution.Status.PUBLISHED, document__isnull=False, pdf_ru=""
    ).exclude(document__on_paper=True)
    stored = 0
    for resolution in missing.order_by("pk")[:100]:
        resolution_translation_store(resolution=resolution)
        stored += 1
    return stored
