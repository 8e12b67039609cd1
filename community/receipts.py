"""What the receipt of a paper survey questionnaire says (municipality.receipts)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.receipts import ReceiptFacts, receipt_register


def response_receipt(response) -> ReceiptFacts | None:
    """A survey questionnaire filled in on paper and entered by the office."""
    if response.channel != response.Channel.PAPER:
        return None
    survey = response.survey
    return ReceiptFacts(
        number=f"{survey.pk}-{response.pk}",
        received_on=timezone.localdate(response.created_at),
        title=_("The survey answers are received"),
        what=_("Answers to the survey «%(survey)s»") % {"survey": survey.title},
        person=response.person.full_name if response.person else "",
        follow_path=survey.get_absolute_url(),
        registered_at=response.created_at,
        received_by=response.entered_by.full_name if response.entered_by else "",
    )


def register() -> None:
    receipt_register("community.response", model="community.Response", facts=response_receipt)
