"""A resident's proposals to budget hearings and what was decided on them (start page)."""

from django.utils.translation import gettext as _

from .models import Proposal


def items(user) -> list[dict]:
    proposals = Proposal.objects.filter(author=user).select_related("hearing")
    return [
        {
            "section": _("My budget proposals"),
            "title": f"{proposal.hearing.title}: {proposal.text[:80]}",
            "url": proposal.hearing.get_absolute_url(),
            "status": proposal.get_decision_display(),
        }
        for proposal in proposals.order_by("-created_at")
    ]
