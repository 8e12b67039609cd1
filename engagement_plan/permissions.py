"""Who may do what with working groups, plans, activities and comments.

Staff and the head run the office pages; only the head approves by order,
revises and archives a plan; residents comment on a plan under discussion.
"""

from municipality.permissions import is_head, is_office

from .models import PUBLIC_STATUSES, Plan, WorkingGroup


def can_view_office(user) -> bool:
    return is_office(user)


def can_view_plan(user, plan: Plan) -> bool:
    """Residents read every version from the public discussion on; drafts are the office's."""
    return plan.status in PUBLIC_STATUSES or can_view_office(user)


def can_view_activity_photo(user, photo) -> bool:
    return can_view_plan(user, photo.activity.plan)


def can_edit_working_group(user, group: WorkingGroup) -> bool:
    return is_office(user) and group.status == WorkingGroup.Status.DRAFT


def can_approve_working_group(user, group: WorkingGroup) -> bool:
    return is_head(user) and group.can_become(WorkingGroup.Status.APPROVED)


def can_create_plan(user) -> bool:
    return is_office(user)


def can_edit_plan(user, plan: Plan) -> bool:
    """The plan and its activities change only while it is a draft or under discussion."""
    return is_office(user) and plan.status in (Plan.Status.DRAFT, Plan.Status.DISCUSSION)


def can_record_activity(user, plan: Plan) -> bool:
    """Evidence, status and cancellation of activities: in any living version."""
    return is_office(user) and plan.status != Plan.Status.ARCHIVED


def can_open_discussion(user, plan: Plan) -> bool:
    return is_office(user) and plan.can_become(Plan.Status.DISCUSSION)


def can_comment_plan(user, plan: Plan) -> bool:
    """Residents comment online while the draft is under public discussion."""
    return (
        bool(user and user.is_authenticated and user.is_active)
        and plan.status == Plan.Status.DISCUSSION
    )


def can_manage_discussion(user, plan: Plan) -> bool:
    """Paper comments, answers and the gathering record."""
    return is_office(user) and plan.status == Plan.Status.DISCUSSION


def can_answer_comment(user, plan: Plan) -> bool:
    return is_office(user) and plan.status in (Plan.Status.DISCUSSION, Plan.Status.APPROVED)


def can_approve_plan(user, plan: Plan) -> bool:
    return is_head(user) and plan.can_become(Plan.Status.APPROVED)


def can_put_in_force_plan(user, plan: Plan) -> bool:
    return is_head(user) and plan.can_become(Plan.Status.IN_FORCE)


def can_revise_plan(user, plan: Plan) -> bool:
    return is_head(user) and plan.status == Plan.Status.IN_FORCE


def can_archive_plan(user, plan: Plan) -> bool:
    return is_head(user) and plan.can_become(Plan.Status.ARCHIVED)
