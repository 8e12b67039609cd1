"""Issuing: numbers allocated under a lock, a corrected version, a paper order registered."""

import datetime
import hashlib
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.models import AuditEntry, DocumentCounter, OfficialDocument
from municipality.permissions import can_manage_documents

from ..audit import audit_record
from .registry import _registered
from .render import _render_queue


def _next_number(*, kind: str, year: int, register: str = "") -> int:
    """The next number of `kind` in `year`, without gaps or duplicates.

    Runs inside the caller's transaction: the counter row stays locked until it
    commits, so concurrent issuers queue here, and a rollback gives the number back.
    The counter row is created with INSERT … ON CONFLICT DO NOTHING (INSERT OR
    IGNORE on SQLite), so two first issuers of a year cannot collide on creating it.
    """
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(kind=kind, register=register, year=year, last_number=0)],
        ignore_conflicts=True,
    )
    counter = DocumentCounter.objects.select_for_update().get(
        kind=kind, register=register, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def document_issue(
    *,
    kind: str,
    subject,
    title: str,
    template_name: str,
    actor,
    signer_name: str = "",
    signer_position: str = "",
    date: datetime.date | None = None,
    language: str = "ky",
    supersedes: OfficialDocument | None = None,
) -> OfficialDocument:
    """Number a new document (or a new version of `supersedes`) and render it after commit."""
    if kind not in OfficialDocument.Kind.values:
        raise ValidationError(_("Unknown document kind."))
    spec = _registered(template_name, kind=kind, subject=subject)
    register = spec.register_for(subject)
    date = date or timezone.localdate()
    if supersedes is not None:
        # Lock the old version: two corrections at once must not both become "the next one".
        supersedes = OfficialDocument.objects.select_for_update().get(pk=supersedes.pk)
        if OfficialDocument.objects.filter(supersedes=supersedes).exists():
            raise ValidationError(
                _("This version has already been replaced; correct the latest one.")
            )
        if supersedes.kind != kind:
            raise ValidationError(_("A new version keeps the kind of the document it replaces."))
        number, year, version = supersedes.number, supersedes.year, supersedes.version + 1
        register = supersedes.register
    else:
        number = _next_number(kind=kind, year=date.year, register=register)
        year, version = date.year, 1
    document = OfficialDocument.objects.create(
        kind=kind,
        register=register,
        year=year,
        number=number,
        version=version,
        date=date,
        title=title,
        signer_name=signer_name,
        signer_position=signer_position,
        language=language,
        template_name=template_name,
        subject_type=ContentType.objects.get_for_model(subject) if subject else None,
        subject_id=subject.pk if subject else None,
        supersedes=supersedes,
        is_public=supersedes.is_public if supersedes is not None else True,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        obj=document,
        action=AuditEntry.Action.CREATE,
        new=document.status,
        reason=f"v{version} replaces #{supersedes.pk}" if supersedes is not None else "",
    )
    transaction.on_commit(lambda: _render_queue(document.pk))
    return document


def document_correct(
    *,
    document: OfficialDocument,
    actor,
    title: str | None = None,
    signer_name: str | None = None,
    signer_position: str | None = None,
    date: datetime.date | None = None,
    template_name: str | None = None,
) -> OfficialDocument:
    """Issue the next version of `document` (same number); the old one stays as it was.

    The new version is rendered from the subject's current state, so correct the subject
    (or pass the changed title/signer) first. Arguments left as None keep the old values.
    """
    return document_issue(
        kind=document.kind,
        subject=document.subject,
        title=document.title if title is None else title,
        template_name=document.template_name if template_name is None else template_name,
        actor=actor,
        signer_name=document.signer_name if signer_name is None else signer_name,
        signer_position=document.signer_position if signer_position is None else signer_position,
        date=date,
        language=document.language,
        supersedes=document,
    )


@transaction.atomic
def document_register_paper(
    *,
    kind: str,
    number: int,
    date: datetime.date,
    title: str,
    scan,
    actor,
    signer_name: str = "",
    signer_position: str = "",
    subject=None,
    is_public: bool = True,
) -> OfficialDocument:
    """Register a document already signed on paper, with its number, date and scan.

    The number must be free in the ayil okmotu's register of that kind and year; the counter
    moves past it, so the next issued document never takes it.
    """
    if not can_manage_documents(actor):
        raise PermissionDenied
    if kind not in OfficialDocument.Kind.values:
        raise ValidationError(_("Unknown document kind."))
    year = date.year
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(kind=kind, register="", year=year, last_number=0)],
        ignore_conflicts=True,
    )
    counter = DocumentCounter.objects.select_for_update().get(kind=kind, register="", year=year)
    if OfficialDocument.objects.filter(kind=kind, register="", year=year, number=number).exists():
        raise ValidationError(
            _("Number %(number)s of %(year)s is already taken in this register.")
            % {"number": number, "year": year}
        )
    content = scan.read()
    document = OfficialDocument.objects.create(
        kind=kind,
        register="",
        year=year,
        number=number,
        version=1,
        date=date,
        title=title,
        signer_name=signer_name,
        signer_position=signer_position,
        language="ky",
        template_name="",
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        status=OfficialDocument.Status.ISSUED,
        is_public=is_public,
        on_paper=True,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        issued_at=timezone.now(),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    extension = (getattr(scan, "name", "") or "").rsplit(".", 1)[-1].lower()
    extension = extension if extension in {"pdf", "jpg", "jpeg", "png"} else "pdf"
    token = secrets.token_hex(10)
    document.file.save(
        f"{kind}-{year}-{number}-paper-{token}.{extension}", ContentFile(content), save=True
    )
    if number > counter.last_number:
        counter.last_number = number
        counter.save(update_fields=["last_number"])
    audit_record(
        actor=actor,
        obj=document,
        action=AuditEntry.Action.CREATE,
        new=document.status,
        reason="paper",
    )
    return document
