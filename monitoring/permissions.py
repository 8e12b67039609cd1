"""Who may do what in monitoring. Membership of a group, not the role alone, opens its pages."""

from municipality.models import Role
from municipality.permissions import has_role, is_office

from .models import GroupMember, Protocol, Recommendation


def seat_of(user, group) -> GroupMember | None:
    """The user's seat in the group, or None (cached on the user per group)."""
    if not (user and user.is_authenticated and user.is_active) or group is None:
        return None
    cache = user.__dict__.setdefault("_monitoring_seats", {})
    if group.pk not in cache:
        cache[group.pk] = GroupMember.objects.filter(group=group, user=user).first()
    return cache[group.pk]


def is_member(user, group) -> bool:
    return seat_of(user, group) is not None


def is_chair(user, group) -> bool:
    seat = seat_of(user, group)
    return bool(seat and seat.is_chair)


def can_create_group(user) -> bool:
    return has_role(user, Role.KENESH_SECRETARY, Role.ADMINISTRATOR)


def can_manage_group(user, group) -> bool:
    """Members, subjects and the resolution are the kenesh secretary's to record."""
    return can_create_group(user)


def can_add_subject(user, group) -> bool:
    return can_manage_group(user, group) or is_chair(user, group)


def can_edit_questions(user, group) -> bool:
    return is_chair(user, group)


def can_file_protocol(user, group) -> bool:
    return is_member(user, group)


def can_edit_protocol(user, protocol: Protocol) -> bool:
    return protocol.status == Protocol.Status.DRAFT and is_member(user, protocol.group)


def can_submit_protocol(user, protocol: Protocol) -> bool:
    return can_edit_protocol(user, protocol)


def can_sign_protocol(user, protocol: Protocol) -> bool:
    return protocol.status == Protocol.Status.SUBMITTED and is_chair(user, protocol.group)


def can_return_protocol(user, protocol: Protocol) -> bool:
    return can_sign_protocol(user, protocol)


def can_view_protocol(user, protocol: Protocol) -> bool:
    """Visitors see signed, published protocols; the group and the office see drafts too."""
    if protocol.is_public:
        return True
    return is_member(user, protocol.group) or is_office(user) or can_create_group(user)


def can_view_group_file(user, group) -> bool:
    """The group's page and its resolution are public (selectors.groups_public)."""
    return True


def can_view_protocol_file(user, protocol: Protocol) -> bool:
    """The paper scan is as private as the protocol."""
    return can_view_protocol(user, protocol)


def can_view_photo(user, photo) -> bool:
    return can_view_protocol(user, photo.protocol)


def can_answer_recommendation(user, recommendation: Recommendation) -> bool:
    return (
        is_office(user)
        and recommendation.status in Recommendation.AWAITING
        and recommendation.protocol.is_public
    )


def can_review_recommendation(user, recommendation: Recommendation) -> bool:
    """The group, through its chair, accepts an answer as resolved or reopens it."""
    return recommendation.status == Recommendation.Status.ANSWERED and is_chair(
        user, recommendation.protocol.group
    )


def can_issue_report(user, group) -> bool:
    return is_chair(user, group)
