"""Who may move a plan: role × state."""

import pytest

from engagement_plan import permissions as perms
from engagement_plan.models import Plan, WorkingGroup
from tests.municipality.factories import UserFactory

from .factories import PlanFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

S = Plan.Status
ROLES = {
    "visitor": None,
    "resident": [],
    "staff": ["staff"],
    "head": ["head"],
    "kenesh": ["kenesh_secretary"],
}


def user_for(role):
    if ROLES[role] is None:
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return UserFactory(roles=ROLES[role])


CASES = [
    # (check, status, roles allowed)
    (perms.can_edit_plan, S.DRAFT, {"staff", "head"}),
    (perms.can_edit_plan, S.DISCUSSION, {"staff", "head"}),
    (perms.can_edit_plan, S.IN_FORCE, set()),
    (perms.can_open_discussion, S.DRAFT, {"staff", "head"}),
    (perms.can_open_discussion, S.IN_FORCE, set()),
    (perms.can_comment_plan, S.DISCUSSION, {"resident", "staff", "head", "kenesh"}),
    (perms.can_comment_plan, S.DRAFT, set()),
    (perms.can_comment_plan, S.IN_FORCE, set()),
    (perms.can_manage_discussion, S.DISCUSSION, {"staff", "head"}),
    (perms.can_manage_discussion, S.APPROVED, set()),
    (perms.can_approve_plan, S.DISCUSSION, {"head"}),
    (perms.can_approve_plan, S.DRAFT, set()),
    (perms.can_put_in_force_plan, S.APPROVED, {"head"}),
    (perms.can_put_in_force_plan, S.DISCUSSION, set()),
    (perms.can_revise_plan, S.IN_FORCE, {"head"}),
    (perms.can_revise_plan, S.REVISED, set()),
    (perms.can_archive_plan, S.IN_FORCE, {"head"}),
    (perms.can_archive_plan, S.REVISED, {"head"}),
    (perms.can_archive_plan, S.ARCHIVED, set()),
    (perms.can_record_activity, S.IN_FORCE, {"staff", "head"}),
    (perms.can_record_activity, S.ARCHIVED, set()),
]


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize(
    ("check", "status", "allowed"), CASES, ids=[f"{c.__name__}-{s}" for c, s, _ in CASES]
)
def test_plan_permissions(role, check, status, allowed):
    plan = PlanFactory(status=status)
    assert check(user_for(role), plan) is (role in allowed)


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("status", list(WorkingGroup.Status))
def test_working_group_permissions(role, status):
    group = WorkingGroupFactory(status=status)
    user = user_for(role)
    assert perms.can_edit_working_group(user, group) is (
        role in {"staff", "head"} and status == WorkingGroup.Status.DRAFT
    )
    assert perms.can_approve_working_group(user, group) is (
        role == "head" and status == WorkingGroup.Status.DRAFT
    )


@pytest.mark.parametrize(
    ("status", "target", "ok"),
    [
        (S.DRAFT, S.DISCUSSION, True),
        (S.DRAFT, S.APPROVED, False),
        (S.DISCUSSION, S.APPROVED, True),
        (S.DISCUSSION, S.DRAFT, True),
        (S.APPROVED, S.IN_FORCE, True),
        (S.IN_FORCE, S.REVISED, True),
        (S.IN_FORCE, S.DRAFT, False),
        (S.REVISED, S.ARCHIVED, True),
        (S.ARCHIVED, S.IN_FORCE, False),
    ],
)
def test_transition_table(status, target, ok):
    assert Plan(status=status).can_become(target) is ok
