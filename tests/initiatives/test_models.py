"""The transition tables of contests and applications."""

import pytest

from initiatives.models import Application, Contest
from tests.workflow_tables import (
    case_id,
    check_error_names_both_statuses,
    check_move,
    transition_cases,
)

TABLES = {
    Contest: {
        "draft": {"announced"},
        "announced": {"accepting", "postponed", "cancelled"},
        "accepting": {"evaluation", "postponed", "cancelled"},
        "postponed": {"announced", "cancelled"},
        "evaluation": {"protocol"},
        "protocol": {"adopted"},
        "adopted": {"results"},
        "results": {"implementation"},
        "implementation": {"closed"},
    },
    Application: {
        "draft": {"submitted"},
        "submitted": {"eligible", "ineligible", "draft"},
        "eligible": {"selected", "not_selected", "ineligible"},
        "ineligible": {"eligible", "draft"},
    },
}


@pytest.mark.parametrize(
    ("model", "current", "target", "allowed"), transition_cases(TABLES), ids=case_id
)
def test_transition_table(model, current, target, allowed):
    check_move(model, current, target, allowed)


@pytest.mark.parametrize(
    ("model", "current", "target"),
    [(Contest, "closed", "draft"), (Application, "selected", "draft")],
    ids=case_id,
)
def test_a_forbidden_move_names_both_statuses(model, current, target):
    check_error_names_both_statuses(model, current, target)
