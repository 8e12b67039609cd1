"""The transition table of budget hearings."""

import pytest

from budget.models import Hearing
from tests.workflow_tables import (
    case_id,
    check_error_names_both_statuses,
    check_move,
    transition_cases,
)

TABLES = {
    Hearing: {
        "draft": {"announced"},
        "announced": {"held"},
        "held": {"protocol_published"},
    },
}


@pytest.mark.parametrize(
    ("model", "current", "target", "allowed"), transition_cases(TABLES), ids=case_id
)
def test_transition_table(model, current, target, allowed):
    check_move(model, current, target, allowed)


def test_a_forbidden_move_names_both_statuses():
    check_error_names_both_statuses(Hearing, "protocol_published", "draft")
