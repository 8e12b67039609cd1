"""The one composition "issue documents → publish their notice → notify people".

Apps call it where an official act becomes public (a contest's results, an approved plan, a
hearing's protocol, a monitoring protocol) instead of composing the three steps by hand:

    issued = document_issue_publish(
        actor=actor,
        documents=[{"kind": ..., "subject": plan, "title": ..., "template_name": ...,
                    **head_signer()},
                   lambda issued: {...}],        # a spec that needs the documents before it
        attach=lambda documents: ...,        # link them to the subject, move its status
        notice=lambda documents: {"category": ..., "subject": plan,
                                  **event_texts(event=..., context={...})},
        notify=[{"user": u, "event": ..., "context": {...}, "idempotency_key": ...}],
    )
    issued.documents, issued.notice

Everything happens in the caller's transaction; PDFs render and messages leave after commit.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from municipality.models import Notice, OfficialDocument

from .documents import document_issue
from .messages import event_notify
from .notices import notice_publish


@dataclass
class Issued:
    documents: list[OfficialDocument] = field(default_factory=list)
    notice: Notice | None = None


@transaction.atomic
def document_issue_publish(
    *,
    actor,
    documents: Iterable[dict | Callable[[list[OfficialDocument]], dict]] = (),
    attach: Callable[[list[OfficialDocument]], None] | None = None,
    notice: dict | Callable[[list[OfficialDocument]], dict] | None = None,
    notify: Iterable[dict] = (),
) -> Issued:
    """Issue the documents, let the caller attach them, publish the notice, notify the people."""
    issued = Issued()
    for spec in documents:
        # A callable spec sees the documents issued before it (an annex names its order).
        spec = spec(list(issued.documents)) if callable(spec) else spec
        issued.documents.append(document_issue(actor=actor, **spec))
    if attach is not None:
        attach(issued.documents)
    if notice is not None:
        spec = notice(issued.documents) if callable(notice) else notice
        issued.notice = notice_publish(actor=actor, **spec)
    for message in notify:
        event_notify(**message)
    return issued
