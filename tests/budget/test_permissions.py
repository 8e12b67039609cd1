import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from budget.models import BudgetLineLink, Hearing
from budget.permissions import (
    can_announce_hearing,
    can_decide_proposal,
    can_edit_hearing,
    can_hold_hearing,
    can_manage_budget,
    can_propose,
    can_publish_protocol,
    can_record_proposal,
    can_view_hearing,
)
from tests.municipality.factories import UserFactory

from .factories import BudgetLineFactory, HearingFactory, ProposalFactory

pytestmark = pytest.mark.django_db

S = Hearing.Status


def _user(who):
    from django.contrib.auth.models import AnonymousUser

    if who == "visitor":
        return AnonymousUser()
    return UserFactory(roles=[] if who == "resident" else [who])


@pytest.mark.parametrize(
    "check, status, allowed",
    [
        (can_view_hearing, S.DRAFT, {"staff", "head"}),
        (
            can_view_hearing,
            S.ANNOUNCED,
            {"visitor", "resident", "kenesh_secretary", "staff", "head"},
        ),
        (can_edit_hearing, S.DRAFT, {"staff", "head"}),
        (can_edit_hearing, S.HELD, set()),
        (can_announce_hearing, S.DRAFT, {"staff", "head"}),
        (can_announce_hearing, S.ANNOUNCED, set()),
        (can_hold_hearing, S.ANNOUNCED, {"staff", "head"}),
        (can_hold_hearing, S.HELD, {"staff", "head"}),
        (can_hold_hearing, S.PROTOCOL_PUBLISHED, set()),
        (can_publish_protocol, S.HELD, {"staff", "head"}),
        (can_publish_protocol, S.ANNOUNCED, set()),
        (can_propose, S.ANNOUNCED, {"resident", "kenesh_secretary", "staff", "head"}),
        (can_propose, S.DRAFT, set()),
        (can_propose, S.HELD, set()),
        (can_record_proposal, S.ANNOUNCED, {"staff", "head"}),
        (can_record_proposal, S.PROTOCOL_PUBLISHED, set()),
    ],
)
@pytest.mark.parametrize("who", ["visitor", "resident", "kenesh_secretary", "staff", "head"])
def test_hearing_permissions(check, status, allowed, who):
    hearing = HearingFactory(status=status)
    assert check(_user(who), hearing) is (who in allowed)


@pytest.mark.parametrize(
    "who, allowed", [("visitor", False), ("resident", False), ("staff", True), ("head", True)]
)
@pytest.mark.parametrize(
    "status, open_", [(S.ANNOUNCED, False), (S.HELD, True), (S.PROTOCOL_PUBLISHED, False)]
)
def test_decide_permission(who, allowed, status, open_):
    proposal = ProposalFactory(hearing=HearingFactory(status=status))
    assert can_decide_proposal(_user(who), proposal) is (allowed and open_)
    assert can_manage_budget(_user(who)) is allowed


def test_no_proposals_once_the_hearing_has_started(resident):
    hearing = HearingFactory(
        status=S.ANNOUNCED, starts_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert not can_propose(resident, hearing)


def test_link_address_must_be_local_or_http():
    line = BudgetLineFactory()
    link = BudgetLineLink(line=line, label="x", url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        link.full_clean()
    BudgetLineLink(line=line, label="x", url="/ky/plan/").full_clean()
