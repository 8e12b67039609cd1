"""The once-a-year revision (4.11) and the archive."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.models import AuditEntry
from municipality.services import (
    audit_record,
    workflow_move,
)

from .. import permissions as perms
from ..dates import add_years
from ..models import (
    Activity,
    Plan,
)
from .constants import ACTIVITY_COPY_FIELDS, PLAN_COPY_FIELDS
from .plans import _lock


def next_revision_allowed(*, plan: Plan) -> datetime.datetime | None:
    """When the plan may next be revised (4.11), or None if it may be now."""
    last = None
    node = plan
    while node is not None:
        if node.revised_at and (last is None or node.revised_at > last):
            last = node.revised_at
        node = node.previous
    if last is None:
        return None
    allowed = add_years(day=last, years=1)
    return allowed if allowed > timezone.now() else None


@transaction.atomic
def plan_revise(*, plan: Plan, actor, reason: str) -> Plan:
    """Revise the plan in force when priorities change (4.11): at most once in twelve months.

    The plan in force is marked as under revision and stays readable; a new draft
    version with a copy of its open activities is returned.
    """
    plan = _lock(plan)
    if not perms.can_revise_plan(actor, plan):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say which priorities changed.")})
    allowed = next_revision_allowed(plan=plan)
    if allowed is not None:
        raise ValidationError(
            _(
                "The plan may be revised at most once a year (4.11). The next revision is "
                "allowed from %(date)s."
            )
            % {"date": timezone.localtime(allowed).strftime("%d.%m.%Y")}
        )
    plan.revised_at = timezone.now()
    workflow_move(
        obj=plan,
        to=Plan.Status.REVISED,
        actor=actor,
        reason=reason,
        permission=perms.can_revise_plan,
        extra_fields=["revised_at"],
    )
    new = Plan.objects.create(
        **{f: getattr(plan, f) for f in PLAN_COPY_FIELDS},
        status=Plan.Status.DRAFT,
        version=plan.version + 1,
        previous=plan,
        revision_reason=reason,
        created_by=actor,
    )
    new.local_issues.set(plan.local_issues.all())
    new.assessment_priorities.set(plan.assessment_priorities.all())
    open_statuses = (Activity.Status.PLANNED, Activity.Status.IN_PROGRESS)
    for activity in plan.activities.filter(status__in=open_statuses).prefetch_related(
        "local_issues"
    ):
        copy = Activity.objects.create(
            plan=new,
            status=Activity.Status.PLANNED,
            **{f: getattr(activity, f) for f in ACTIVITY_COPY_FIELDS},
        )
        copy.local_issues.set(activity.local_issues.all())
    audit_record(
        actor=actor, obj=new, action=AuditEntry.Action.CREATE, new=new.status, reason=reason
    )
    return new


@transaction.atomic
def plan_archive(*, plan: Plan, actor, reason: str = "") -> Plan:
    """Archive a plan that is no longer in force."""
    plan = _lock(plan)
    if not perms.can_archive_plan(actor, plan):
        raise PermissionDenied
    plan.archived_at = timezone.now()
    return workflow_move(
        obj=plan,
        to=Plan.Status.ARCHIVED,
        actor=actor,
        reason=reason,
        permission=perms.can_archive_plan,
        extra_fields=["archived_at"],
    )
