"""The transition tables of the kernel: notices and official documents."""

import pytest

from municipality.models import Notice, OfficialDocument
from tests.workflow_tables import (
    case_id,
    check_error_names_both_statuses,
    check_move,
    transition_cases,
)

TABLES = {
    Notice: {"draft": {"published"}},
    OfficialDocument: {"pending": {"issued", "failed"}, "failed": {"pending"}},
}


@pytest.mark.parametrize(
    ("model", "current", "target", "allowed"), transition_cases(TABLES), ids=case_id
)
def test_transition_table(model, current, target, allowed):
    check_move(model, current, target, allowed)


@pytest.mark.parametrize(
    ("model", "current", "target"),
    [(Notice, "published", "draft"), (OfficialDocument, "issued", "pending")],
    ids=case_id,
)
def test_a_forbidden_move_names_both_statuses(model, current, target):
    check_error_names_both_statuses(model, current, target)
