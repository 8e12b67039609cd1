"""The receipt (тил кат) for every paper submission: one A5 PDF, whatever was brought.

A villager who brings a paper — a contest application, a hearing proposal, a comment on a
plan, a survey questionnaire, a signature sheet — gets a receipt back at the counter: the
registration number, the date, what was received and how to follow it (a short address and
a QR code). The kernel renders it; an app says what its receipt says by registering, in
its AppConfig.ready(), a function that gives the facts of one paper submission:

    receipt_register("budget.proposal", model="budget.Proposal", facts=proposal_receipt)

`facts(obj)` is called inside the receipt's language and returns `ReceiptFacts`, or None
when `obj` is not a paper submission (then the receipt is a 404). After the paper entry the
view offers the receipt with one line: `receipt_offer(request, kind="budget.proposal",
obj=proposal)` (a message with the link). The receipt is for the office only
(`municipality:paper-receipt`, staff and head): it names the person.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import messages
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from municipality.models import Municipality
from municipality.services.outbox import absolute_url

RECEIPT_TEMPLATE = "municipality/pdf/paper_receipt.html"


@dataclass
class ReceiptFacts:
    """What one receipt says; texts already in the receipt's language."""

    number: str  # the registration number the office gave the paper
    received_on: datetime.date
    title: str  # the heading: "A paper application is received"
    what: str  # what was received: "Proposal to the budget hearing «…»"
    person: str = ""  # from whom
    follow_path: str = ""  # where to follow it on the portal (reverse(), no host)
    incoming_number: str = ""  # кирүүчү № written on the paper
    registered_at: datetime.datetime | None = None
    received_by: str = ""  # the clerk who took the paper
    rows: list[tuple[str, str]] = field(default_factory=list)  # more lines: (label, value)


@dataclass(frozen=True)
class ReceiptKind:
    kind: str
    model: str
    facts: Callable[[object], ReceiptFacts | None]


_KINDS: dict[str, ReceiptKind] = {}


def receipt_register(kind: str, *, model: str, facts: Callable) -> None:
    """Say what the receipt of one kind of paper submission says (an app's ready())."""
    _KINDS[kind] = ReceiptKind(kind=kind, model=model, facts=facts)


def receipt_kind(kind: str) -> ReceiptKind | None:
    return _KINDS.get(kind)


def receipt_kinds() -> list[str]:
    return sorted(_KINDS)


def receipt_url(*, kind: str, obj) -> str:
    """The office's address of the receipt PDF of `obj`."""
    return reverse("municipality:paper-receipt", args=[kind, obj.pk])


def receipt_offer(request, *, kind: str, obj) -> None:
    """After a paper entry: a message with the link to print the receipt to hand back."""
    messages.info(
        request,
        format_html(
            '{} <a href="{}" target="_blank">{}</a>',
            _("Hand the receipt back to the person."),
            receipt_url(kind=kind, obj=obj),
            _("Print the receipt (PDF)"),
        ),
    )


def receipt_object(kind: str, pk: int):
    """The registered object of a receipt kind, or None."""
    entry = _KINDS.get(kind)
    if entry is None:
        return None
    return apps.get_model(entry.model)._default_manager.filter(pk=pk).first()


def receipt_render(*, kind: str, obj, language: str) -> bytes | None:
    """The A5 receipt PDF of `obj` in `language`; None when `obj` is no paper submission."""
    from municipality.pdf import render_pdf  # WeasyPrint loads only where a PDF is drawn

    entry = _KINDS[kind]
    with translation.override(language):
        facts = entry.facts(obj)
        if facts is None:
            return None
        follow_url = absolute_url(path=facts.follow_path) if facts.follow_path else ""
    return render_pdf(
        template_name=RECEIPT_TEMPLATE,
        context={
            "receipt": facts,
            "follow_url": follow_url,
            "municipality": Municipality.current(),
        },
        language=language,
    )
