"""What a resident, a commission member and the head follow or do in contests (start page)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from municipality.permissions import is_head

from .models import Application, CommissionMember, ConflictDeclaration, Contest, Score

A, S = Application.Status, Contest.Status


def items(user) -> list[dict]:
    return _applications(user) + _scoring(user) + _signing(user) + _results(user)


def _applications(user) -> list[dict]:
    applications = Application.objects.filter(applicant=user).select_related("contest")
    return [
        {
            "section": _("My applications"),
            "title": f"{application.contest.title}: {application.title or _('(no title yet)')}",
            "url": reverse("initiatives:application", args=[application.pk]),
            "status": application.get_status_display(),
            "urgent": application.status == A.DRAFT,
        }
        for application in applications.order_by("-created_at")
    ]


def _scoring(user) -> list[dict]:
    """Applications this commission member has neither scored nor declared a conflict on."""
    seats = CommissionMember.objects.filter(
        user=user, contest__status=S.EVALUATION
    ).select_related("contest")
    seats = list(seats)
    if not seats:
        return []
    done = set(
        Score.objects.filter(member__in=seats, submitted=True).values_list(
            "member_id", "application_id"
        )
    ) | set(
        ConflictDeclaration.objects.filter(member__in=seats, has_conflict=True).values_list(
            "member_id", "application_id"
        )
    )
    eligible = Application.objects.filter(
        contest__in=[seat.contest for seat in seats], status=A.ELIGIBLE
    ).values_list("contest_id", "pk")
    left = {seat.pk: 0 for seat in seats}
    seat_of = {seat.contest_id: seat.pk for seat in seats}
    for contest_id, application_id in eligible:
        if (seat_of[contest_id], application_id) not in done:
            left[seat_of[contest_id]] += 1
    return [
        {
            "section": _("Applications to score"),
            "title": seat.contest.title,
            "url": reverse("initiatives:commission-contest", args=[seat.contest_id]),
            "status": _("Left to score: %(count)s") % {"count": left[seat.pk]},
            "urgent": True,
        }
        for seat in seats
        if left[seat.pk]
    ]


def _signing(user) -> list[dict]:
    """The protocols of sittings this member has not signed yet."""
    seats = CommissionMember.objects.filter(
        user=user,
        replaced_at__isnull=True,
        contest__status=S.PROTOCOL,
        protocol_signature__isnull=True,
    ).select_related("contest")
    return [
        {
            "section": _("Protocols to sign"),
            "title": seat.contest.title,
            "url": reverse("initiatives:commission-contest", args=[seat.contest_id]),
            "status": _("The commission's protocol awaits your signature"),
            "urgent": True,
        }
        for seat in seats
    ]


HEAD_WAITS = {
    S.EVALUATION: _lazy("Evaluation: the order comes after the commission adopts its protocol"),
    S.PROTOCOL: _lazy("The commission is signing its protocol"),
    S.ADOPTED: _lazy("Protocol adopted: approve the results by order"),
}


def _results(user) -> list[dict]:
    """The head approves by order the results of a protocol the commission adopted."""
    if not is_head(user):
        return []
    contests = Contest.objects.filter(status__in=HEAD_WAITS).order_by("window_closes")
    return [
        {
            "section": _("Awaiting your signature"),
            "title": contest.title,
            "url": reverse("initiatives:office-contest", args=[contest.pk]),
            "status": str(HEAD_WAITS[contest.status]),
            "urgent": contest.status == S.ADOPTED,
        }
        for contest in contests
    ]
