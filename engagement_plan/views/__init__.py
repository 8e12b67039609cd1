"""Public plan pages and the office pages; views parse, check, call one service, respond.

One module per entity; `engagement_plan/urls.py` reaches every view through this package."""

from .activities import (
    activity_add,
    activity_cancel,
    activity_edit,
    activity_evidence,
    activity_start,
)
from .comments import comment_answer, paper_comment_add
from .gatherings import gathering_record
from .groups import group_approve, group_create, group_detail, member_add, member_remove
from .plans import (
    office,
    plan_approve,
    plan_archive,
    plan_create,
    plan_edit,
    plan_office,
    plan_open_discussion,
    plan_put_in_force,
    plan_revise,
)
from .public import comment_add, index, plan_detail

__all__ = [
    "activity_add",
    "activity_cancel",
    "activity_edit",
    "activity_evidence",
    "activity_start",
    "comment_add",
    "comment_answer",
    "gathering_record",
    "group_approve",
    "group_create",
    "group_detail",
    "index",
    "member_add",
    "member_remove",
    "office",
    "paper_comment_add",
    "plan_approve",
    "plan_archive",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_office",
    "plan_open_discussion",
    "plan_put_in_force",
    "plan_revise",
]
