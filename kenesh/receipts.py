"""What the receipt of a paper signature sheet says (municipality.receipts)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.receipts import ReceiptFacts, receipt_register


def sheet_receipt(sheet) -> ReceiptFacts | None:
    """A signed signature sheet of a people's initiative, entered with its scan."""
    initiative = sheet.initiative
    return ReceiptFacts(
        number=f"{initiative.pk}-{sheet.pk}",
        received_on=timezone.localdate(sheet.created_at),
        title=_("A signature sheet is received"),
        what=_("Signature sheet of the people's initiative «%(title)s»")
        % {"title": initiative.title},
        follow_path=initiative.get_absolute_url(),
        registered_at=sheet.created_at,
        received_by=sheet.entered_by.full_name if sheet.entered_by else "",
        rows=[(_("Signatures counted"), str(sheet.signatures.count()))],
    )


def register() -> None:
    receipt_register("kenesh.sheet", model="kenesh.PaperSheet", facts=sheet_receipt)
