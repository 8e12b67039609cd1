"""What the receipt of a plan comment copied from paper says (municipality.receipts)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.receipts import ReceiptFacts, receipt_register


def comment_receipt(comment) -> ReceiptFacts | None:
    """A comment on a draft plan received on paper (at the gathering or at the office)."""
    if comment.source != comment.Source.PAPER:
        return None
    plan = comment.plan
    return ReceiptFacts(
        number=f"{plan.pk}-{comment.pk}",
        received_on=timezone.localdate(comment.created_at),
        title=_("A comment on the plan is received"),
        what=_("Comment on the draft plan «%(plan)s»: %(text)s")
        % {"plan": plan.title, "text": comment.text[:300]},
        person=comment.author_name,
        follow_path=plan.get_absolute_url(),
        registered_at=comment.created_at,
        received_by=comment.entered_by.full_name if comment.entered_by else "",
    )


def register() -> None:
    receipt_register(
        "engagement_plan.comment", model="engagement_plan.Comment", facts=comment_receipt
    )
