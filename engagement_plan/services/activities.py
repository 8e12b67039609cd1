"""Activities of the plan (4.8): added, changed, started, evidenced or cancelled."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.i18n import kyrgyz_fields
from municipality.models import AuditEntry
from municipality.services import (
    audit_record,
    workflow_move,
)
from municipality.services.attendance import attendance_check, attendance_record
from municipality.services.audit import model_changes
from municipality.uploads import IMAGE_TYPES, validate_upload

from .. import permissions as perms
from ..models import (
    Activity,
    ActivityPhoto,
    Plan,
)
from .constants import ACTIVITY_FIELDS


def _check_activity(plan: Plan, fields: dict) -> None:
    errors = {}
    if not (fields.get("responsible") or "").strip():
        errors["responsible"] = _("Name the person responsible for the activity.")
    deadline = fields.get("deadline")
    if deadline and not plan.period_start <= deadline.year <= plan.period_end:
        errors["deadline"] = _("The deadline must fall within the plan's period (%(period)s).") % {
            "period": plan.period
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_add(*, plan: Plan, actor, local_issues=(), **fields) -> Activity:
    """Add an activity in one of the three directions (4.8) to a draft plan."""
    if not perms.can_edit_plan(actor, plan):
        raise PermissionDenied
    fields = kyrgyz_fields(Activity, fields)
    _check_activity(plan, fields)
    activity = Activity(plan=plan, **{k: v for k, v in fields.items() if k in ACTIVITY_FIELDS})
    activity.full_clean()
    activity.save()
    activity.local_issues.set(local_issues)
    audit_record(actor=actor, obj=activity, action=AuditEntry.Action.CREATE)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, actor, local_issues=None, **fields) -> Activity:
    """Change an activity of an editable plan, audited field by field."""
    if not perms.can_edit_plan(actor, activity.plan):
        raise PermissionDenied
    fields = kyrgyz_fields(Activity, fields)
    merged = {f: getattr(activity, f) for f in ACTIVITY_FIELDS} | fields
    _check_activity(activity.plan, merged)
    changes = {}
    for field, value in fields.items():
        if field in ACTIVITY_FIELDS and getattr(activity, field) != value:
            changes[field] = (getattr(activity, field), value)
            setattr(activity, field, value)
    activity.full_clean()
    activity.save()
    if local_issues is not None:
        activity.local_issues.set(local_issues)
    audit_record(actor=actor, obj=activity, action=AuditEntry.Action.UPDATE, changes=changes)
    return activity


def _can_record_activity(user, activity: Activity) -> bool:
    return perms.can_record_activity(user, activity.plan)


@transaction.atomic
def activity_start(*, activity: Activity, actor) -> Activity:
    """Mark an activity as in progress."""
    if not perms.can_record_activity(actor, activity.plan):
        raise PermissionDenied
    return workflow_move(
        obj=activity,
        to=Activity.Status.IN_PROGRESS,
        actor=actor,
        permission=_can_record_activity,
    )


@transaction.atomic
def activity_record_evidence(
    *,
    activity: Activity,
    actor,
    held_on: datetime.date,
    place: str,
    result: str,
    photos=(),
    by_village=None,
    **attendance,
) -> Activity:
    """Record that the activity happened (date, place, attendance, photos, result): done."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not perms.can_record_activity(actor, activity.plan):
        raise PermissionDenied
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("A cancelled activity cannot get evidence."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The activity cannot be recorded before it is held.")})
    attendance_check(values=attendance, villages=by_village or {})
    for upload in photos:
        validate_upload(upload, allowed=IMAGE_TYPES)
    before = {f: getattr(activity, f) for f in ("held_on", "place", "result")}
    activity.held_on = held_on
    activity.place = place
    activity.result = result
    activity.attendance = attendance_record(
        attendance=activity.attendance,
        values=attendance,
        villages=by_village,
        held_on=held_on,
        source="engagement_plan.activity",
    )
    activity.full_clean()
    activity.save()
    for upload in photos:
        ActivityPhoto.objects.create(
            activity=activity,
            file=upload,
            content_type=getattr(upload, "detected_type", "") or upload.content_type,
            size=upload.size,
        )
    if activity.status == Activity.Status.DONE:  # a correction of the evidence, not a move
        audit_record(
            actor=actor,
            obj=activity,
            action=AuditEntry.Action.UPDATE,
            changes=model_changes(before=before, after=activity, fields=before.keys()),
        )
        return activity
    return workflow_move(
        obj=activity, to=Activity.Status.DONE, actor=actor, permission=_can_record_activity
    )


@transaction.atomic
def activity_cancel(*, activity: Activity, actor, reason: str) -> Activity:
    """Cancel an activity with the reason residents see."""
    if not perms.can_record_activity(actor, activity.plan):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the activity.")})
    activity.cancel_reason = reason
    return workflow_move(
        obj=activity,
        to=Activity.Status.CANCELLED,
        actor=actor,
        reason=reason,
        permission=_can_record_activity,
        extra_fields=["cancel_reason"],
    )
