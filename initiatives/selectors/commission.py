"""Reads for the commission: seats, worklists, declarations, the protocol's signatures."""

from collections import defaultdict

from django.utils.translation import gettext as _

from .. import selection
from ..models import (
    Application,
    CommissionMember,
    ConflictDeclaration,
    Contest,
    Score,
)
from .common import A, S


def protocol_progress(contest: Contest) -> dict:
    """Who of the current commission (replaced seats left out) signed the protocol, and the
    quorum its adoption needs."""
    members = list(
        contest.members.filter(replaced_at__isnull=True)
        .select_related("user", "protocol_signature")
        .order_by("-is_chair", "pk")
    )
    rows = [(m, getattr(m, "protocol_signature", None)) for m in members]
    required = max(
        1,
        selection.quorum_required(
            len(members), contest.quorum_numerator, contest.quorum_denominator
        ),
    )
    signed = sum(1 for _m, signature in rows if signature is not None)
    return {
        "rows": rows,
        "signed": signed,
        "total": len(members),
        "required": required,
        "quorum_met": signed >= required,
    }


def protocol_too_early_message(contest: Contest) -> str:
    """What the head reads when ordering the results before the protocol is adopted."""
    progress = protocol_progress(contest)
    return _(
        "The head's order approving the results can be issued only after the commission has "
        "adopted and signed its protocol at a sitting (signed: %(signed)s; quorum: "
        "%(required)s of %(total)s members)."
    ) % {k: progress[k] for k in ("signed", "required", "total")}


def member_for(user, contest: Contest) -> CommissionMember | None:
    if not user.is_authenticated:
        return None
    return CommissionMember.objects.filter(
        contest=contest, user=user, replaced_at__isnull=True
    ).first()


def contests_for_member(user):
    return (
        Contest.objects.filter(members__user=user)
        .exclude(status=S.DRAFT)
        .distinct()
        .order_by("-window_opens")
    )


def member_worklist(member: CommissionMember):
    """The eligible applications of the member's contest with the member's own state."""
    applications = list(
        member.contest.applications.filter(status__in=(A.ELIGIBLE, A.SELECTED, A.NOT_SELECTED))
        .select_related("village")
        .order_by("sequence")
    )
    declarations = {d.application_id: d for d in ConflictDeclaration.objects.filter(member=member)}
    state = defaultdict(lambda: {"count": 0, "submitted": False})
    for score in Score.objects.filter(member=member).only("application_id", "submitted"):
        state[score.application_id]["count"] += 1
        state[score.application_id]["submitted"] |= score.submitted
    for application in applications:
        application.my_declaration = declarations.get(application.pk)
        application.my_state = state[application.pk]
    return applications


def member_scoring_pending(user, contest: Contest) -> bool:
    """True when `user` sits on the contest's commission and still has applications to score."""
    member = member_for(user, contest)
    if member is None:
        return False
    eligible = set(contest.applications.filter(status=A.ELIGIBLE).values_list("pk", flat=True))
    # Only a submitted score is final. A declared conflict is not: the office may clear it,
    # and a member who had seen the others' scores would then score knowing them.
    done = set(
        Score.objects.filter(member=member, submitted=True).values_list(
            "application_id", flat=True
        )
    )
    return bool(eligible - done)


def member_has_submitted(member: CommissionMember, application: Application) -> bool:
    return Score.objects.filter(member=member, application=application, submitted=True).exists()


def member_may_see_scores(member: CommissionMember, application: Application) -> bool:
    """A member sees the others' scores only when that cannot change their own: once their own
    are submitted (final). A declared conflict is not enough (the office may clear it)."""
    return member_has_submitted(member, application)


def application_declarations(application: Application):
    """The commission's declarations on one application, for the office page."""
    declarations = list(
        ConflictDeclaration.objects.filter(application=application)
        .select_related("member__user")
        .order_by("member_id")
    )
    submitted = set(
        Score.objects.filter(application=application, submitted=True).values_list(
            "member_id", flat=True
        )
    )
    for declaration in declarations:
        declaration.scores_submitted = declaration.member_id in submitted
    return declarations


def application_other_scores(application: Application, *, exclude_member=None):
    qs = Score.objects.filter(application=application, submitted=True).select_related(
        "member__user", "criterion"
    )
    if exclude_member is not None:
        qs = qs.exclude(member=exclude_member)
    return qs.order_by("member_id", "criterion__order", "criterion_id")
