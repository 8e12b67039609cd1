"""Who may do what in the budget app: pure functions of (user, object)."""

from django.utils import timezone

from municipality.permissions import is_office

from .models import Hearing, Proposal


def can_manage_budget(user) -> bool:
    """Budget lines, categories and hearings are kept by the office."""
    return is_office(user)


def can_view_hearing(user, hearing: Hearing) -> bool:
    return hearing.status != Hearing.Status.DRAFT or is_office(user)


def can_view_hearing_material(user, material) -> bool:
    """A draft hearing's materials: the office only."""
    return can_view_hearing(user, material.hearing)


def can_edit_hearing(user, hearing: Hearing) -> bool:
    return is_office(user) and hearing.status in (Hearing.Status.DRAFT, Hearing.Status.ANNOUNCED)


def can_announce_hearing(user, hearing: Hearing) -> bool:
    return is_office(user) and hearing.status == Hearing.Status.DRAFT


def can_hold_hearing(user, hearing: Hearing) -> bool:
    """Record attendance and discussion: after the announcement, until the protocol."""
    return is_office(user) and hearing.status in (Hearing.Status.ANNOUNCED, Hearing.Status.HELD)


def can_publish_protocol(user, hearing: Hearing) -> bool:
    return is_office(user) and hearing.status == Hearing.Status.HELD


def hearing_open_for_proposals(hearing: Hearing, now=None) -> bool:
    now = now or timezone.now()
    return hearing.status == Hearing.Status.ANNOUNCED and hearing.starts_at > now


def can_propose(user, hearing: Hearing, now=None) -> bool:
    """A logged-in resident sends a proposal while the hearing is announced and ahead."""
    return bool(user and user.is_authenticated and user.is_active) and hearing_open_for_proposals(
        hearing, now
    )


def can_register(user, hearing: Hearing, now=None) -> bool:
    return can_propose(user, hearing, now)


def can_record_proposal(user, hearing: Hearing) -> bool:
    """Staff take down paper and oral proposals until the hearing's record is closed."""
    return is_office(user) and hearing.status in (Hearing.Status.ANNOUNCED, Hearing.Status.HELD)


def can_decide_proposal(user, proposal: Proposal) -> bool:
    return is_office(user) and proposal.hearing.status == Hearing.Status.HELD
