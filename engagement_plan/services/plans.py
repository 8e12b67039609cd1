"""Drafting a plan (4.6) and opening it to public discussion (4.9)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.dates import official_datetime_lazy
from municipality.i18n import kyrgyz_fields
from municipality.models import AuditEntry, Notice
from municipality.services import (
    audit_record,
    event_texts,
    notice_publish,
    workflow_move,
)

from .. import permissions as perms
from ..models import Plan
from .constants import PLAN_FIELDS
from .gatherings import discussion_gathering_announce, discussion_gathering_cancel


def _check_period(period_start: int, period_end: int) -> None:
    if period_end < period_start:
        raise ValidationError(
            {"period_end": _("The last year cannot come before the first year.")}
        )


def _set_priorities(plan: Plan, priorities, changes: dict) -> None:
    """Take up priorities of the community's register (4.6), the change kept for the audit."""
    before = sorted(plan.assessment_priorities.values_list("pk", flat=True))
    after = sorted(p.pk for p in priorities)
    if before != after:
        changes["assessment_priorities"] = (before, after)
        plan.assessment_priorities.set(priorities)


@transaction.atomic
def plan_create(*, actor, local_issues=(), assessment_priorities=(), **fields) -> Plan:
    """Create a draft plan with its inputs (4.6)."""
    if not perms.can_create_plan(actor):
        raise PermissionDenied
    fields = kyrgyz_fields(Plan, fields)
    _check_period(fields["period_start"], fields["period_end"])
    plan = Plan(created_by=actor, **{k: v for k, v in fields.items() if k in PLAN_FIELDS})
    plan.full_clean()
    plan.save()
    plan.local_issues.set(local_issues)
    plan.assessment_priorities.set(assessment_priorities)
    audit_record(actor=actor, obj=plan, action=AuditEntry.Action.CREATE, new=plan.status)
    return plan


@transaction.atomic
def plan_update(
    *, plan: Plan, actor, local_issues=None, assessment_priorities=None, **fields
) -> Plan:
    """Change a draft plan's fields, local issues and priorities, audited field by field."""
    if not perms.can_edit_plan(actor, plan):
        raise PermissionDenied
    fields = kyrgyz_fields(Plan, fields)
    _check_period(
        fields.get("period_start", plan.period_start), fields.get("period_end", plan.period_end)
    )
    changes = {}
    for field, value in fields.items():
        if field in PLAN_FIELDS and getattr(plan, field) != value:
            changes[field] = (getattr(plan, field), value)
            setattr(plan, field, value)
    plan.full_clean()
    plan.save()
    if local_issues is not None:
        plan.local_issues.set(local_issues)
    if assessment_priorities is not None:
        _set_priorities(plan, assessment_priorities, changes)
    audit_record(actor=actor, obj=plan, action=AuditEntry.Action.UPDATE, changes=changes)
    return plan


def _lock(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_open_discussion(
    *,
    plan: Plan,
    actor,
    gathering_at: datetime.datetime,
    place: str,
    comments_until: datetime.date | None = None,
) -> Plan:
    """Open public discussion (4.9) and announce the village gathering in Kyrgyz and Russian.

    Comments are accepted until `comments_until` (by default the day of the gathering)."""
    plan = _lock(plan)
    if not perms.can_open_discussion(actor, plan):
        raise PermissionDenied
    if not plan.activities.exists():
        raise ValidationError(_("Add at least one activity before opening the discussion."))
    if gathering_at < timezone.now():
        raise ValidationError({"gathering_at": _("The gathering cannot be in the past.")})
    comments_until = comments_until or timezone.localdate(gathering_at)
    if comments_until < timezone.localdate():
        raise ValidationError({"comments_until": _("The comment deadline cannot be in the past.")})
    notice = notice_publish(
        actor=actor,
        category=Notice.Category.PLAN,
        subject=plan,
        event_at=gathering_at,
        place=place,
        place_ru=place,
        **event_texts(
            event="engagement_plan.discussion_opened",
            context={
                "plan": plan,
                "place": place,
                "when": official_datetime_lazy(gathering_at),
            },
        ),
    )
    plan.discussion_opened_at = timezone.now()
    plan.gathering_at = gathering_at
    plan.gathering_place = place
    plan.comments_until = comments_until
    workflow_move(
        obj=plan,
        to=Plan.Status.DISCUSSION,
        actor=actor,
        permission=perms.can_open_discussion,
        extra_fields=["discussion_opened_at", "gathering_at", "gathering_place", "comments_until"],
    )
    # announced once the plan is under discussion: its gathering belongs to such a plan
    plan.announced_gathering = discussion_gathering_announce(
        plan=plan, actor=actor, starts_at=gathering_at, place=place, notice=notice
    )
    plan.save(update_fields=["announced_gathering", "updated_at"])
    return plan


@transaction.atomic
def plan_return_to_draft(*, plan: Plan, actor, reason: str) -> Plan:
    """Take a plan under discussion back to a draft, with the reason."""
    plan = _lock(plan)
    if not (perms.is_office(actor) and plan.status == Plan.Status.DISCUSSION):
        raise PermissionDenied
    discussion_gathering_cancel(plan=plan, actor=actor, reason=reason)
    return workflow_move(
        obj=plan,
        to=Plan.Status.DRAFT,
        actor=actor,
        reason=reason,
        permission=lambda user, obj: perms.is_office(user),
    )
