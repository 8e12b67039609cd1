"""The village gathering that discussed the draft (4.9): a community gathering."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.models import Gathering
from municipality.models import AuditEntry
from municipality.services import (
    audit_record,
    workflow_move,
)
from municipality.services.attendance import attendance_record

from .. import permissions as perms
from ..models import Plan


@transaction.atomic
def gathering_record(
    *,
    plan: Plan,
    actor,
    held_on: datetime.date,
    place: str,
    decisions: str,
    by_village=None,
    **attendance,
) -> Gathering:
    """Record the village gathering that discussed the draft: attendance and decisions.

    `attendance` takes the kernel's input names (`attendance_total`, `attendance_women`…)
    and `by_village` maps a village (or its pk) to a count; `attendance_record` checks them.
    """
    if not perms.can_manage_discussion(actor, plan):
        raise PermissionDenied
    if held_on > timezone.localdate():
        raise ValidationError(
            {"held_on": _("The gathering cannot be recorded before it is held.")}
        )
    if plan.gathering_at and held_on < timezone.localdate(plan.gathering_at):
        raise ValidationError(
            {
                "held_on": _(
                    "The gathering was announced for %(date)s; it cannot be recorded as held "
                    "before that."
                )
                % {"date": timezone.localtime(plan.gathering_at).strftime("%d.%m.%Y")}
            }
        )
    gathering = _discussion_gathering(plan=plan, actor=actor, held_on=held_on)
    gathering.held_on = held_on
    gathering.place_ky = gathering.place_ru = place
    gathering.decisions = decisions
    gathering.attendance = attendance_record(
        attendance=None,
        values=attendance,
        villages=by_village,
        held_on=held_on,
        source="engagement_plan.gathering",
    )
    gathering.full_clean(exclude=["title", "agenda", "place"])  # translated: *_ky/*_ru checked
    return workflow_move(
        obj=gathering,
        to=Gathering.Status.HELD,
        actor=actor,
        permission=lambda user, obj: perms.can_manage_discussion(user, plan),
        extra_fields=["held_on", "place", "place_ky", "place_ru", "decisions", "attendance"],
    )


def _discussion_gathering(*, plan: Plan, actor, held_on: datetime.date) -> Gathering:
    """The community gathering (kind: the plan's public discussion) that records this one.

    It is announced for the plan's announced date and place (or the day it was held) and
    linked to the plan; `gathering_record` then moves it to held."""
    starts_at = plan.gathering_at or timezone.make_aware(
        datetime.datetime.combine(held_on, datetime.time(10, 0))
    )
    with translation.override("ky"):
        title_ky = _("Public discussion of the plan «%(title)s»") % {"title": plan.title_ky}
        agenda_ky = _(
            "Public discussion of the draft plan for engaging the local community (4.9)."
        )
    with translation.override("ru"):
        title_ru = _("Public discussion of the plan «%(title)s»") % {
            "title": plan.title_ru or plan.title_ky
        }
        agenda_ru = _(
            "Public discussion of the draft plan for engaging the local community (4.9)."
        )
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.PLAN_DISCUSSION,
        title_ky=title_ky,
        title_ru=title_ru,
        agenda_ky=agenda_ky,
        agenda_ru=agenda_ru,
        starts_at=starts_at,
        place_ky=plan.gathering_place or "—",
        place_ru=plan.gathering_place or "—",
        created_by=actor,
    )
    plan.gatherings.add(gathering)
    audit_record(actor=actor, obj=gathering, action=AuditEntry.Action.CREATE)
    return gathering
