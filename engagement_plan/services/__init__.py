"""Every write of the engagement plan: keyword-only, atomic, audited, permission re-checked.

One module per entity; the names are re-exported here, so `from engagement_plan import
services` and `services.plan_approve(...)` keep working."""

from ..dates import add_years
from .activities import (
    activity_add,
    activity_cancel,
    activity_record_evidence,
    activity_start,
    activity_update,
)
from .approval import plan_approve, plan_open_points, plan_put_in_force
from .comments import comment_add, comment_answer
from .constants import (
    ACTIVITY_COPY_FIELDS,
    ACTIVITY_FIELDS,
    PLAN_COPY_FIELDS,
    PLAN_DOCUMENT_TITLE,
    PLAN_FIELDS,
    PLAN_ORDER_TITLE,
    WORKING_GROUP_ORDER_TITLE,
)
from .gatherings import (
    discussion_gathering_announce,
    discussion_gathering_announced,
    discussion_gathering_cancel,
    discussion_gathering_held,
    gathering_record,
)
from .plans import plan_create, plan_open_discussion, plan_return_to_draft, plan_update
from .revisions import next_revision_allowed, plan_archive, plan_revise
from .working_groups import (
    working_group_approve,
    working_group_create,
    working_group_member_add,
    working_group_member_remove,
    working_group_update,
)

__all__ = [
    "ACTIVITY_COPY_FIELDS",
    "ACTIVITY_FIELDS",
    "PLAN_COPY_FIELDS",
    "PLAN_DOCUMENT_TITLE",
    "PLAN_FIELDS",
    "PLAN_ORDER_TITLE",
    "WORKING_GROUP_ORDER_TITLE",
    "activity_add",
    "activity_cancel",
    "activity_record_evidence",
    "activity_start",
    "activity_update",
    "add_years",
    "comment_add",
    "comment_answer",
    "discussion_gathering_announce",
    "discussion_gathering_announced",
    "discussion_gathering_cancel",
    "discussion_gathering_held",
    "gathering_record",
    "next_revision_allowed",
    "plan_approve",
    "plan_archive",
    "plan_create",
    "plan_open_discussion",
    "plan_open_points",
    "plan_put_in_force",
    "plan_return_to_draft",
    "plan_revise",
    "plan_update",
    "working_group_approve",
    "working_group_create",
    "working_group_member_add",
    "working_group_member_remove",
    "working_group_update",
]
