"""Role × state matrices of the initiatives permissions (a+ style)."""

import pytest

from initiatives import permissions as perms
from initiatives.models import Application, Contest
from tests.initiatives.factories import ApplicationFactory, CommissionMemberFactory, ContestFactory
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db

S = Contest.Status
ROLES = [None, "staff", "head", "kenesh_secretary", "commission_member", "administrator"]
STATES = list(S)

# to-state → roles allowed to make the move
MOVES = {
    S.ANNOUNCED: {"staff", "head"},
    S.ACCEPTING: {"staff", "head"},
    S.EVALUATION: {"staff", "head"},
    S.PROTOCOL: {"staff", "head"},
    S.ADOPTED: {"staff", "head"},
    S.RESULTS: {"head"},
    S.IMPLEMENTATION: {"staff", "head"},
    S.CLOSED: {"staff", "head"},
    S.POSTPONED: {"head"},
    S.CANCELLED: {"head"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_contest_moves(role, state):
    user = UserFactory(roles=[role] if role else [])
    contest = ContestFactory.build(status=state)
    for to in S:
        expected = to in Contest.TRANSITIONS.get(state, ()) and role in MOVES.get(to, set())
        assert perms.can_move_contest(user, contest, to) is expected, (role, state, to)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_criteria_and_terms_editing(role, state):
    user = UserFactory(roles=[role] if role else [])
    contest = ContestFactory.build(status=state)
    office = role in ("staff", "head")
    assert perms.can_edit_criteria(user, contest) is (office and state in (S.DRAFT, S.ANNOUNCED))
    assert perms.can_update_contest(user, contest) is (
        office and state in (S.DRAFT, S.ANNOUNCED, S.POSTPONED)
    )
    assert perms.can_appoint_commission(user, contest) is (
        role == "head" and state in (S.DRAFT, S.ANNOUNCED, S.ACCEPTING)
    )


@pytest.mark.parametrize("state", STATES)
def test_apply_and_view(state, resident):
    contest = ContestFactory.build(status=state)
    assert perms.can_apply_to_contest(resident, contest) is (state == S.ACCEPTING)
    assert perms.can_view_contest(resident, contest) is (state != S.DRAFT)


@pytest.mark.parametrize(
    "who, can_view, can_edit",
    [
        ("owner", True, True),
        ("other", False, False),
        ("staff", True, False),
        ("member", False, False),
        ("anonymous", False, False),
    ],
)
def test_draft_visibility(who, can_view, can_edit):
    from django.contrib.auth.models import AnonymousUser

    application = ApplicationFactory()
    CommissionMemberFactory(contest=application.contest)
    user = {
        "owner": application.applicant,
        "other": UserFactory(),
        "staff": UserFactory(roles=["staff"]),
        "member": application.contest.members.first().user,
        "anonymous": AnonymousUser(),
    }[who]
    assert perms.can_view_application(user, application) is can_view
    assert perms.can_edit_application(user, application) is can_edit


@pytest.mark.parametrize(
    "app_status, contest_state, seated, conflict, expected",
    [
        ("eligible", S.EVALUATION, True, False, True),
        ("eligible", S.EVALUATION, False, False, False),
        ("eligible", S.EVALUATION, True, True, False),
        ("ineligible", S.EVALUATION, True, False, False),
        ("submitted", S.EVALUATION, True, False, False),
        ("eligible", S.ACCEPTING, True, False, False),
        ("eligible", S.RESULTS, True, False, False),
    ],
)
def test_scoring(app_status, contest_state, seated, conflict, expected):
    from initiatives.models import ConflictDeclaration

    contest = ContestFactory(status=contest_state)
    application = ApplicationFactory(contest=contest, status=app_status)
    member = CommissionMemberFactory(contest=contest if seated else ContestFactory())
    declaration = ConflictDeclaration(
        member=member, application=application, has_conflict=conflict
    )
    assert perms.can_score_application(member.user, application, declaration) is expected


@pytest.mark.parametrize(
    "app_status, contest_state, expected",
    [
        (Application.Status.SUBMITTED, S.ACCEPTING, True),
        (Application.Status.SUBMITTED, S.EVALUATION, True),
        (Application.Status.ELIGIBLE, S.EVALUATION, True),
        (Application.Status.DRAFT, S.ACCEPTING, False),
        (Application.Status.SELECTED, S.RESULTS, False),
    ],
)
def test_eligibility_check(app_status, contest_state, expected, staff_user, resident):
    application = ApplicationFactory(
        contest=ContestFactory(status=contest_state), status=app_status
    )
    assert perms.can_check_application(staff_user, application) is expected
    assert perms.can_check_application(resident, application) is False
