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

from .issue import document_correct, document_issue, document_register_paper
from .registry import (
    _KINDS,
    DocumentKind,
    document_kind_register,
    document_kinds,
    document_preview_allowed,
    head_signer,
)
from .render import (
    document_pdf_context,
    document_preview_pdf,
    document_render,
    document_retry,
    document_translation_pdf,
    documents_requeue,
)

__all__ = [
    "_KINDS",
    "DocumentKind",
    "document_correct",
    "document_issue",
    "document_kind_register",
    "document_kinds",
    "document_preview_allowed",
    "document_pdf_context",
    "document_preview_pdf",
    "document_register_paper",
    "document_render",
    "document_retry",
    "document_translation_pdf",
    "documents_requeue",
    "head_signer",
]
