"""Views parse input, check permission, call one service and respond (one module per area)."""

from .. import selectors, services
from .groups import (
    group_create,
    group_edit,
    group_manage,
    questions,
    report_issue,
)
from .office import (
    office,
    recommendation_answer,
    recommendation_review,
)
from .protocols import (
    member_group,
    my_groups,
    protocol_edit,
    protocol_sign,
    protocol_start,
)
from .public import (
    group_detail,
    index,
    protocol_detail,
)

__all__ = [
    "group_create",
    "group_detail",
    "group_edit",
    "group_manage",
    "index",
    "member_group",
    "my_groups",
    "office",
    "protocol_detail",
    "protocol_edit",
    "protocol_sign",
    "protocol_start",
    "questions",
    "recommendation_answer",
    "recommendation_review",
    "report_issue",
    "selectors",
    "services",
]
