import datetime
from decimal import Decimal

from initiatives.selection import Candidate, CriterionInput, member_mark, quorum_required, select

CRITERIA = [
    CriterionInput(id=1, weight=Decimal(3), max_score=10),
    CriterionInput(id=2, weight=Decimal(1), max_score=5),
]
T0 = datetime.datetime(2019, 12, 3, 10, 0)


def cand(cid, requested, marks, *, own=Decimal(0), minutes=0, members=3):
    return Candidate(
        id=cid,
        label=f"A{cid}",
        requested=Decimal(requested),
        own_contribution=own,
        submitted_at=T0 + datetime.timedelta(minutes=minutes),
        sequence=cid,
        marks=marks,
        eligible_members=members,
    )


def full(v1, v2):
    return {m: {1: v1, 2: v2} for m in (1, 2, 3)}


def test_member_mark_is_weighted_share_of_maximum():
    assert member_mark({1: 10, 2: 5}, CRITERIA) == 100
    assert member_mark({1: 5, 2: 0}, CRITERIA) == Decimal("37.5")


def test_quorum_is_two_thirds_rounded_up():
    assert quorum_required(5, 2, 3) == 4
    assert quorum_required(3, 2, 3) == 2
    assert quorum_required(4, 1, 2) == 2


def test_envelope_exactly_used_selects_both():
    out = select(
        candidates=[
            cand(1, 39000, full(9, 4)),
            cand(2, 39000, full(8, 4)),
            cand(3, 20000, full(5, 2)),
        ],
        criteria=CRITERIA,
        envelope=Decimal(78000),
    )
    assert out.quorum_met
    assert out.selected_ids == [1, 2]
    assert out.remaining == 0
    assert out.steps[2].reason == "does_not_fit"
    assert out.steps[2].remaining_before == 0


def test_project_that_does_not_fit_is_skipped_and_a_cheaper_one_still_fits():
    out = select(
        candidates=[
            cand(1, 50000, full(9, 5)),
            cand(2, 40000, full(8, 4)),
            cand(3, 20000, full(5, 2)),
        ],
        criteria=CRITERIA,
        envelope=Decimal(78000),
    )
    assert [s.candidate_id for s in out.steps] == [1, 2, 3]
    assert out.selected_ids == [1, 3]
    assert out.steps[1].reason == "does_not_fit"
    assert out.remaining == Decimal(8000)


def test_ties_go_to_larger_own_contribution_then_earlier_submission():
    out = select(
        candidates=[
            cand(1, 10, full(7, 3), own=Decimal(100), minutes=5),
            cand(2, 10, full(7, 3), own=Decimal(500), minutes=9),
            cand(3, 10, full(7, 3), own=Decimal(100), minutes=1),
        ],
        criteria=CRITERIA,
        envelope=Decimal(1000),
    )
    assert [s.candidate_id for s in out.steps] == [2, 3, 1]


def test_quorum_not_met_is_reported():
    marks = {1: {1: 5, 2: 5}}  # one of three members
    out = select(
        candidates=[cand(1, 10, marks), cand(2, 10, full(5, 5))],
        criteria=CRITERIA,
        envelope=Decimal(100),
    )
    assert not out.quorum_met
    assert out.missing_quorum == [(1, 1, 2)]


def test_conflicted_members_reduce_the_quorum_base():
    marks = {1: {1: 5, 2: 5}, 2: {1: 6, 2: 5}}
    out = select(
        candidates=[cand(1, 10, marks, members=2)], criteria=CRITERIA, envelope=Decimal(100)
    )
    assert out.quorum_met


def test_selection_is_reproducible():
    args = dict(
        candidates=[cand(1, 39000, full(9, 4)), cand(2, 39000, full(8, 4))],
        criteria=CRITERIA,
        envelope=Decimal(78000),
    )
    assert select(**args).as_dict() == select(**args).as_dict()
