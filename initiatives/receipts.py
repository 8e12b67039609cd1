"""What the receipt of a paper contest application says (municipality.receipts)."""

from django.utils.translation import gettext as _

from municipality.receipts import ReceiptFacts, receipt_register


def application_receipt(application) -> ReceiptFacts | None:
    """A registered paper application: its number, received date, incoming number, contest."""
    if not application.is_paper or not application.registration_number:
        return None
    contest = application.contest
    what = _("Application «%(title)s» to the contest «%(contest)s»") % {
        "title": application.title,
        "contest": contest.title,
    }
    count = application.attachments.count()
    if count:
        what += f"; {_('Attached files')}: {count}"
    rows = []
    if application.late_reason:
        rows.append((_("Accepted after the deadline"), application.late_reason))
    return ReceiptFacts(
        number=application.registration_number,
        received_on=application.received_on or application.submitted_at.date(),
        title=_("A paper application is received"),
        what=what,
        person=application.applicant_name,
        follow_path=contest.get_absolute_url(),
        incoming_number=application.incoming_number,
        registered_at=application.submitted_at,
        received_by=application.entered_by.full_name if application.entered_by else "",
        rows=rows,
    )


def register() -> None:
    receipt_register(
        "initiatives.application", model="initiatives.Application", facts=application_receipt
    )
