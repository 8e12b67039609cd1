"""The transition tables of monitoring protocols and recommendations."""

import pytest

from monitoring.models import Protocol, Recommendation
from tests.workflow_tables import (
    case_id,
    check_error_names_both_statuses,
    check_move,
    transition_cases,
)

TABLES = {
    Protocol: {
        "draft": {"submitted"},
        "submitted": {"draft", "signed"},
        "signed": {"published"},
    },
    Recommendation: {
        "open": {"answered"},
        "answered": {"resolved", "reopened"},
        "reopened": {"answered"},
    },
}


@pytest.mark.parametrize(
    ("model", "current", "target", "allowed"), transition_cases(TABLES), ids=case_id
)
def test_transition_table(model, current, target, allowed):
    check_move(model, current, target, allowed)


@pytest.mark.parametrize(
    ("model", "current", "target"),
    [(Protocol, "published", "draft"), (Recommendation, "resolved", "open")],
    ids=case_id,
)
def test_a_forbidden_move_names_both_statuses(model, current, target):
    check_error_names_both_statuses(model, current, target)
