"""The transition tables of the working group, plan versions and activities."""

import pytest

from engagement_plan.models import Activity, Plan, WorkingGroup
from tests.workflow_tables import (
    case_id,
    check_error_names_both_statuses,
    check_move,
    transition_cases,
)

TABLES = {
    WorkingGroup: {"draft": {"approved"}},
    Plan: {
        "draft": {"discussion"},
        "discussion": {"draft", "approved"},
        "approved": {"in_force"},
        "in_force": {"revised", "archived"},
        "revised": {"archived"},
    },
    Activity: {
        "planned": {"in_progress", "done", "cancelled"},
        "in_progress": {"done", "cancelled"},
    },
}


@pytest.mark.parametrize(
    ("model", "current", "target", "allowed"), transition_cases(TABLES), ids=case_id
)
def test_transition_table(model, current, target, allowed):
    check_move(model, current, target, allowed)


@pytest.mark.parametrize(
    ("model", "current", "target"),
    [
        (WorkingGroup, "approved", "draft"),
        (Plan, "archived", "in_force"),
        (Activity, "cancelled", "in_progress"),
    ],
    ids=case_id,
)
def test_a_forbidden_move_names_both_statuses(model, current, target):
    check_error_names_both_statuses(model, current, target)
