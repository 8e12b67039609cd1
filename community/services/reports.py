"""The annual report to the population: the head's draft, then published with its PDF."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.i18n import in_kyrgyz
from municipality.models import AuditEntry, Notice, OfficialDocument
from municipality.services import document_issue
from municipality.services.audit import audit_record
from municipality.services.notices import notice_publish
from municipality.services.workflow import workflow_move

from .. import permissions as perms
from ..models import (
    AnnualReport,
    Gathering,
)
from ..selectors import report_priorities
from ._common import _check_manage

REPORT_TITLE = gettext_lazy("Report of the ayil okmotu to the population for %(year)s")


@transaction.atomic
def report_save(
    *,
    actor,
    year: int,
    introduction: str = "",
    conclusions: str = "",
    introduction_ru: str = "",
    conclusions_ru: str = "",
    gathering: Gathering | None = None,
) -> AnnualReport:
    """Create or change the draft of the year's report: the head's own words."""
    _check_manage(actor)
    report, created = AnnualReport.objects.get_or_create(year=year)
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(_("A published report does not change."))
    report.introduction_ky = introduction
    report.conclusions_ky = conclusions
    report.introduction_ru = introduction_ru
    report.conclusions_ru = conclusions_ru
    report.gathering = gathering
    report.save()
    audit_record(
        actor=actor,
        obj=report,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
    )
    return report


@transaction.atomic
def report_publish(*, report: AnnualReport, actor) -> AnnualReport:
    """Publish the report: fix its priorities, issue its PDF, announce it on the board.

    The PDF is the Kyrgyz original; the Russian one is its translation copy, same number.
    """
    report.published_at = timezone.now()
    workflow_move(
        obj=report,
        to=AnnualReport.Status.PUBLISHED,
        actor=actor,
        permission=lambda user, obj: perms.is_office(user),
        extra_fields=["published_at"],
    )
    report.priorities.set(report_priorities(year=report.year))
    # The Kyrgyz original; the Russian one is its translation copy with the same number
    # (municipality.services.documents.document_translation_pdf, ?language=ru).
    report.document = document_issue(
        kind=OfficialDocument.Kind.REPORT,
        subject=report,
        title=in_kyrgyz(REPORT_TITLE, year=report.year),
        template_name="community/pdf/annual_report.html",
        actor=actor,
    )
    with translation.override("ru"):
        title_ru = str(REPORT_TITLE) % {"year": report.year}
    report.notice = notice_publish(
        actor=actor,
        category=Notice.Category.GENERAL,
        title=report.document.title,
        title_ru=title_ru,
        body=report.introduction_ky or "",
        body_ru=report.introduction_ru or report.introduction_ky or "",
        subject=report,
    )
    report.save(update_fields=["document", "notice"])
    return report
