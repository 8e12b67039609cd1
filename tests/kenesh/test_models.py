"""The transition tables of sessions, resolutions, initiatives and petitions."""

import pytest

from kenesh.models import Initiative, Petition, Resolution, Session
from tests.workflow_tables import (
    case_id,
    check_error_names_both_statuses,
    check_move,
    transition_cases,
)

TABLES = {
    Session: {"draft": {"announced", "cancelled"}, "announced": {"held", "cancelled"}},
    Resolution: {"draft": {"published"}},
    Initiative: {
        "filed": {"collecting", "refused"},
        "collecting": {"on_agenda", "expired"},
        "on_agenda": {"adopted", "rejected"},
    },
    Petition: {"open": {"answered"}},
}


@pytest.mark.parametrize(
    ("model", "current", "target", "allowed"), transition_cases(TABLES), ids=case_id
)
def test_transition_table(model, current, target, allowed):
    check_move(model, current, target, allowed)


@pytest.mark.parametrize(
    ("model", "current", "target"),
    [
        (Session, "held", "draft"),
        (Resolution, "published", "draft"),
        (Initiative, "adopted", "collecting"),
        (Petition, "answered", "open"),
    ],
    ids=case_id,
)
def test_a_forbidden_move_names_both_statuses(model, current, target):
    check_error_names_both_statuses(model, current, target)
