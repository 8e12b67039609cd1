"""The Typical Plan for involving the local community (seed 004).

A working group (4.1–4.4) drafts a plan (4.6–4.8) of activities in three
directions; the draft is discussed at a village gathering (4.9), approved by
the head's order (4.10) and revised at most once a year (4.11).
"""

from .activities import Activity, ActivityPhoto
from .comments import Comment
from .plans import PUBLIC_STATUSES, Plan
from .working_groups import Sex, WorkingGroup, WorkingGroupMember, sort_members

__all__ = [
    "PUBLIC_STATUSES",
    "Activity",
    "ActivityPhoto",
    "Comment",
    "Plan",
    "Sex",
    "WorkingGroup",
    "WorkingGroupMember",
    "sort_members",
]
