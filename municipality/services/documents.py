"""The official document registry: numbering, rendering, versions.

Interface used by the other apps (keep it stable):

    document_issue(*, kind, subject, title, template_name, actor,
                   signer_name="", signer_position="", date=None,
                   language="ky", supersedes=None) -> OfficialDocument

It allocates the next number for (kind, year) under a lock, creates a PENDING
document and schedules rendering after commit. The PDF template receives
`document`, `subject`, `municipality` and what the context function registered for
the template returns, so the context is rebuilt from ids in the worker.

    document_kind_register(*, template, kind, model, context)

is how an app declares, in its AppConfig.ready(), each document it issues: the PDF
template, the kind it is numbered as, the model of its subject ("app_label.Model") and
a selector `context(subject=…, document=…) -> dict`. Issuing an unregistered template
fails, and the system check `municipality.E001` finds templates that do not load.

    head_signer(*, fallback_name="") -> {"signer_name": …, "signer_position": …}

is the head's name and Kyrgyz title from the municipality profile (`Municipality.head_name`,
`head_title`): pass `**head_signer()` to `document_issue` for every order the head signs.
To issue documents, publish their notice and notify people in one step, use
`municipality.services.issuing.document_issue_publish`.

    document_correct(*, document, actor, title=None, ...) -> OfficialDocument

issues the next version of an issued document (same kind, year and number,
version + 1); the old one stays readable and links to its replacement.

    document_retry(*, document, actor) -> OfficialDocument

puts a FAILED document back to PENDING and renders it again after commit.

    document_preview_pdf(*, template_name, subject, title=…, language=…) -> bytes

renders what a registered document would look like before it is issued ("ДОЛБООР", no number).

    document_translation_pdf(*, document, language="ru") -> bytes

renders an issued document again in another language, same number: a translation copy.

    document_register_paper(*, kind, number, date, title, scan, actor, …) -> OfficialDocument

registers an order signed on paper with its number, date and scan (numbers never collide).

An issued document never changes: `document_render` is a no-op on it, and
nothing else in this module writes to an issued row.
"""

import datetime
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from municipality.models import AuditEntry, DocumentCounter, Municipality, OfficialDocument
from municipality.permissions import can_manage_documents, can_retry_document

from .audit import audit_record
from .public_version import public_content_changed
from .workflow import workflow_move

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentKind:
    """One registered document: its PDF template, numbering kind, subject model, context."""

    template: str
    kind: str | None  # None: any kind (the kernel's generic layout)
    model: str | None  # "app_label.Model"; None: any subject or none
    context: Callable[..., dict] | None
    # The issuing body's numbering register: "" (the ayil okmotu), a fixed name
    # ("hearing", "contest-commission") or register(subject) -> str (one per monitoring group).
    register: str | Callable[..., str] = ""
    # title(subject=…, document=…) -> str: the title in the active language, for a
    # translation copy (the stored document.title is the Kyrgyz original's).
    title: Callable[..., str] | None = None

    def register_for(self, subject) -> str:
        if callable(self.register):
            return self.register(subject) if subject is not None else ""
        return self.register


_KINDS: dict[str, DocumentKind] = {}


def document_kind_register(
    *,
    template: str,
    kind: str | None,
    model: str | None,
    context=None,
    register="",
    title=None,
) -> None:
    """Declare a document an app issues (call from AppConfig.ready()).

    `register` numbers the documents of another issuing body apart (see DocumentKind).
    """
    _KINDS[template] = DocumentKind(
        template=template,
        kind=kind,
        model=model,
        context=context,
        register=register,
        title=title,
    )


def document_kinds() -> dict[str, DocumentKind]:
    """The registered documents, by template."""
    return dict(_KINDS)


def _registered(template_name: str, *, kind: str, subject) -> DocumentKind:
    spec = _KINDS.get(template_name)
    if spec is None:
        raise ImproperlyConfigured(f"Document template {template_name} is not registered.")
    if spec.kind is not None and spec.kind != kind:
        raise ImproperlyConfigured(f"{template_name} is issued as {spec.kind}, not {kind}.")
    if spec.model is not None and (
        subject is None or subject._meta.label.lower() != spec.model.lower()
    ):
        raise ImproperlyConfigured(f"{template_name} is issued about a {spec.model}.")
    return spec


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


def head_signer(*, fallback_name: str = "") -> dict:
    """The head's name and Kyrgyz title from the municipality profile, as `document_issue` takes.

    `fallback_name` signs when the profile has no head's name yet (the acting head)."""
    municipality = Municipality.current()
    with translation.override("ky"):
        name = (municipality.head_name if municipality else "") or fallback_name
        position = (municipality.head_title if municipality else "") or _(
            "Head of the ayil okmotu"
        )
    return {"signer_name": name or "", "signer_position": position}


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


def _logo_uri(municipality) -> str:
    """The profile's logo as a file:// URI WeasyPrint may load (media/ only), or ""."""
    if municipality is None or not municipality.logo:
        return ""
    try:
        from pathlib import Path

        path = Path(municipality.logo.path)
    except (NotImplementedError, ValueError):
        return ""
    return path.resolve().as_uri() if path.exists() else ""


def document_pdf_context(
    *, document: OfficialDocument, preview: bool = False, translation_copy: bool = False
) -> dict:
    """What a PDF template gets: rebuilt from the database every time (the task takes ids).

    preview: the "ДОЛБООР" watermark and no number (document_preview_pdf);
    translation_copy: a Russian copy of the Kyrgyz original (document_translation_pdf).
    """
    subject = document.subject
    municipality = Municipality.current()
    context = {
        "document": document,
        "subject": subject,
        "municipality": municipality,
        "logo_uri": _logo_uri(municipality),
        "preview": preview,
        "translation_copy": translation_copy,
    }
    spec = _KINDS.get(document.template_name)
    if spec is not None and spec.context is not None and subject is not None:
        context.update(spec.context(subject=subject, document=document))
    return context


def document_preview_pdf(
    *,
    template_name: str,
    subject,
    title: str = "",
    language: str = "ky",
    signer_name: str = "",
    signer_position: str = "",
) -> bytes:
    """The PDF a registered document would have, before it is issued: the same template and
    context, a "ДОЛБООР" watermark and no number. Nothing is written to the database."""
    from municipality.pdf import render_pdf

    spec = _KINDS.get(template_name)
    if spec is None:
        raise ImproperlyConfigured(f"Document template {template_name} is not registered.")
    kind = spec.kind or OfficialDocument.Kind.ORDER
    _registered(template_name, kind=kind, subject=subject)
    today = timezone.localdate()
    draft = OfficialDocument(
        kind=kind,
        year=today.year,
        number=0,
        date=today,
        title=title,
        signer_name=signer_name,
        signer_position=signer_position,
        language=language,
        template_name=template_name,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
    )
    with transaction.atomic():  # a savepoint: the preview must never write
        pdf = render_pdf(
            template_name=template_name,
            context=document_pdf_context(document=draft, preview=True),
            language=language,
        )
        transaction.set_rollback(True)
    return pdf


def document_translation_pdf(*, document: OfficialDocument, language: str = "ru") -> bytes:
    """The same document, same number and date, rendered in `language` from the same record,
    marked as a translation of the original (the Kyrgyz one, document.language)."""
    from municipality.pdf import render_pdf

    if document.on_paper or not document.template_name:
        raise ValidationError(_("A document signed on paper has no translation copy."))
    from django.utils import translation

    with transaction.atomic():
        context = document_pdf_context(
            document=document, translation_copy=language != document.language
        )
        spec = _KINDS.get(document.template_name)
        if spec is not None and spec.title is not None and document.subject is not None:
            with translation.override(language):
                context["translated_title"] = spec.title(
                    subject=document.subject, document=document
                )
        pdf = render_pdf(template_name=document.template_name, context=context, language=language)
        transaction.set_rollback(True)
    return pdf


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


def _pdf_filename(document: OfficialDocument) -> str:
    """A name nobody can guess: media/ is served as is, and a non-public document's PDF
    must only be reachable through the checked view (municipality:document-pdf)."""
    token = secrets.token_hex(10)
    return f"{document.kind}-{document.year}-{document.number}-v{document.version}-{token}.pdf"


def document_render(*, document: OfficialDocument) -> OfficialDocument:
    """Render the PDF of a pending document and store it with its checksum; idempotent.

    The row is locked while rendering, so two runs of the task (a redelivered message)
    produce one file: the second finds the document issued and does nothing.
    """
    from municipality.pdf import render_pdf

    with transaction.atomic():
        document = OfficialDocument.objects.select_for_update().get(pk=document.pk)
        if document.status != OfficialDocument.Status.PENDING:
            return document  # issued documents never change; failed ones wait for a retry
        try:
            with transaction.atomic():  # a savepoint: a failed query in the template
                pdf = render_pdf(
                    template_name=document.template_name,
                    context=document_pdf_context(document=document),
                    language=document.language,
                )
        except Exception as exc:  # a broken template must not leave a half-issued document
            logger.exception("Document %s failed to render", document.pk)
            document.status = OfficialDocument.Status.FAILED
            document.error = f"{type(exc).__name__}: {exc}"[:5000]
            document.save(update_fields=["status", "error", "updated_at"])
            return document
        document.file.save(_pdf_filename(document), ContentFile(pdf), save=False)
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.status = OfficialDocument.Status.ISSUED
        document.error = ""
        document.issued_at = timezone.now()
        document.save(
            update_fields=["file", "sha256", "status", "error", "issued_at", "updated_at"]
        )
        public_content_changed()  # the PDF link appears on the public pages
    return document


@transaction.atomic
def document_retry(*, document: OfficialDocument, actor) -> OfficialDocument:
    """Render a FAILED document again (after the template or data was fixed)."""
    if not can_retry_document(actor, document):
        raise PermissionDenied
    document = OfficialDocument.objects.select_for_update().get(pk=document.pk)
    if document.status != OfficialDocument.Status.FAILED:
        raise ValidationError(_("Only a document that failed to render can be rendered again."))
    workflow_move(
        obj=document,
        to=OfficialDocument.Status.PENDING,
        actor=actor,
        reason=document.error[:500],
        permission=can_retry_document,
    )
    transaction.on_commit(lambda: _render_queue(document.pk))
    return document


def _render_queue(document_id: int) -> None:
    """Queue the rendering task. Issuing must not fail when the broker (Redis) is down: the
    document stays PENDING and `documents_requeue` (beat) queues it again later."""
    from django.conf import settings

    from municipality.tasks import document_render_task

    try:
        document_render_task.delay(document_id=document_id)
    except Exception:  # noqa: BLE001 — the broker is down; beat picks the document up
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
            raise
        logger.warning(
            "document %s: broker unavailable, rendered later", document_id, exc_info=True
        )


def documents_requeue(*, now=None) -> int:
    """Beat: queue again documents left PENDING longer than DOCUMENT_PENDING_GRACE seconds
    (the broker was down when they were issued, or the task was lost); returns how many.
    A second task for the same document is harmless: rendering locks the row and skips an
    issued document."""
    from django.conf import settings

    now = now or timezone.now()
    grace = datetime.timedelta(seconds=getattr(settings, "DOCUMENT_PENDING_GRACE", 300))
    stale = OfficialDocument.objects.filter(
        status=OfficialDocument.Status.PENDING, updated_at__lt=now - grace
    )
    ids = list(stale.order_by("pk").values_list("pk", flat=True)[:500])
    # Touch them, so the next run does not queue the same documents again at once.
    OfficialDocument.objects.filter(pk__in=ids).update(updated_at=now)
    for document_id in ids:
        _render_queue(document_id)
    return len(ids)
