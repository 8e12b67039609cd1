"""What the receipt of a hearing proposal taken down from paper says (municipality.receipts)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.receipts import ReceiptFacts, receipt_register


def proposal_receipt(proposal) -> ReceiptFacts | None:
    """A proposal to a budget hearing received on paper or orally at the office."""
    if not proposal.is_paper:
        return None
    hearing = proposal.hearing
    return ReceiptFacts(
        number=f"{hearing.pk}-{proposal.pk}",
        received_on=timezone.localdate(proposal.created_at),
        title=_("A proposal to the budget hearing is received"),
        what=_("Proposal to the budget hearing «%(hearing)s»: %(text)s")
        % {"hearing": hearing.title, "text": proposal.text[:300]},
        person=proposal.author_name,
        follow_path=hearing.get_absolute_url(),
        registered_at=proposal.created_at,
        received_by=proposal.entered_by.full_name if proposal.entered_by else "",
        rows=[(_("Received"), proposal.get_source_display())],
    )


def register() -> None:
    receipt_register("budget.proposal", model="budget.Proposal", facts=proposal_receipt)
