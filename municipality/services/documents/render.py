"""Rendering: the PDF context, previews and translation copies, the worker's render,
retries and the beat requeue when the broker was down."""

import datetime
import hashlib
import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from municipality.models import Municipality, OfficialDocument
from municipality.permissions import can_retry_document
from municipality.queue import task_named

from ..public_version import public_content_changed
from ..workflow import workflow_move
from .registry import _KINDS, _registered

logger = logging.getLogger(__name__)


def _logo_uri(municipality) -> str:
    """The profile's logo as a file:// URI WeasyPrint may load (media/ only), or ""."""
    if municipality is None or not municipality.logo:
        return ""
    try:
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
    from municipality.pdf import render_pdf  # WeasyPrint loads only where a PDF is drawn

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
    from municipality.pdf import render_pdf  # WeasyPrint loads only where a PDF is drawn

    if document.on_paper or not document.template_name:
        raise ValidationError(_("A document signed on paper has no translation copy."))
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
    from municipality.pdf import render_pdf  # WeasyPrint loads only where a PDF is drawn

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
    try:
        task_named(name="municipality.tasks.document_render_task").delay(document_id=document_id)
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
