"""The official document registry: numbering, rendering, versions.

Interface used by the other apps (keep it stable):

    document_issue(*, kind, subject, title, template_name, actor,
                   signer_name="", signer_position="", date=None,
                   language="ky", supersedes=None) -> OfficialDocument

It allocates the next number for (kind, year) under a lock, creates a PENDING
document and schedules rendering after commit. The PDF template receives
`document`, `subject`, `municipality` and whatever `pdf_context(document)` on
the subject returns (a method the subject's model may define), so the context
is rebuilt from ids in the worker.
"""

import datetime
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from municipality.models import DocumentCounter, Municipality, OfficialDocument


def _next_number(*, kind: str, year: int) -> int:
    counter, _ = DocumentCounter.objects.get_or_create(kind=kind, year=year)
    counter = DocumentCounter.objects.select_for_update().get(pk=counter.pk)
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
    from municipality.tasks import document_render_task

    date = date or timezone.localdate()
    if supersedes is not None:
        number, year, version = supersedes.number, supersedes.year, supersedes.version + 1
    else:
        number, year, version = _next_number(kind=kind, year=date.year), date.year, 1
    document = OfficialDocument.objects.create(
        kind=kind,
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
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: document_render_task.delay(document_id=document.pk))
    return document


def document_render(*, document: OfficialDocument) -> OfficialDocument:
    """Render the PDF of a pending document and store it with its checksum; idempotent."""
    from municipality.pdf import render_pdf

    if document.status == OfficialDocument.Status.ISSUED:
        return document
    subject = document.subject
    context = {
        "document": document,
        "subject": subject,
        "municipality": Municipality.current(),
    }
    if hasattr(subject, "pdf_context"):
        context.update(subject.pdf_context(document))
    try:
        pdf = render_pdf(
            template_name=document.template_name, context=context, language=document.language
        )
    except Exception as exc:  # a broken template must not leave a half-issued document
        document.status = OfficialDocument.Status.FAILED
        document.error = f"{type(exc).__name__}: {exc}"
        document.save(update_fields=["status", "error", "updated_at"])
        return document
    document.file.save(f"{document.kind}-{document.year}-{document.number}-v{document.version}.pdf",
                       ContentFile(pdf), save=False)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.status = OfficialDocument.Status.ISSUED
    document.error = ""
    document.issued_at = timezone.now()
    document.save()
    return document
