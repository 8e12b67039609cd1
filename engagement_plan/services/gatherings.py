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
    gathering = _gathering_to_hold(plan=plan, actor=actor, held_on=held_on)
    gathering.held_on = held_on
    now = timezone.now()
    if gathering.starts_at > now:  # the plan's date was moved earlier after it was announced
        gathering.starts_at = min(plan.gathering_at or now, now)
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
    workflow_move(
        obj=gathering,
        to=Gathering.Status.HELD,
        actor=actor,
        permission=lambda user, obj: perms.can_manage_discussion(user, plan),
        extra_fields=[
            "held_on",
            "starts_at",
            "place",
            "place_ky",
            "place_ru",
            "decisions",
            "attendance",
        ],
    )
    plan.gatherings.add(gathering)
    return gathering


def _gathering_to_hold(*, plan: Plan, actor, held_on: datetime.date) -> Gathering:
    """The gathering announced with the discussion, or (none announced, or already held or
    cancelled from the community pages) a new one for the day it was held."""
    announced = plan.announced_gathering
    if announced is not None and announced.status == Gathering.Status.ANNOUNCED:
        return Gathering.objects.select_for_update().get(pk=announced.pk)
    starts_at = plan.gathering_at or timezone.make_aware(
        datetime.datetime.combine(held_on, datetime.time(10, 0))
    )
    return discussion_gathering_announce(
        plan=plan, actor=actor, starts_at=starts_at, place=plan.gathering_place or "—"
    )


def _texts(plan: Plan, language: str) -> dict:
    with translation.override(language):
        title = plan.title_ru if language == "ru" and plan.title_ru else plan.title_ky
        return {
            f"title_{language}": _("Public discussion of the plan «%(title)s»") % {"title": title},
            f"agenda_{language}": _(
                "Public discussion of the draft plan for engaging the local community (4.9)."
            ),
        }


@transaction.atomic
def discussion_gathering_announce(
    *, plan: Plan, actor, starts_at: datetime.datetime, place: str, notice=None
) -> Gathering:
    """Announce the plan's public-discussion gathering as a community gathering (4.9)."""
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.PLAN_DISCUSSION,
        **_texts(plan, "ky"),
        **_texts(plan, "ru"),
        starts_at=starts_at,
        place_ky=place,
        place_ru=place,
        notice=notice,
        created_by=actor,
    )
    audit_record(actor=actor, obj=gathering, action=AuditEntry.Action.CREATE)
    return gathering


@transaction.atomic
def discussion_gathering_cancel(*, plan: Plan, actor, reason: str) -> None:
    """Call off the announced gathering when the plan goes back to a draft."""
    announced = plan.announced_gathering
    if announced is None or announced.status != Gathering.Status.ANNOUNCED:
        return
    workflow_move(
        obj=announced,
        to=Gathering.Status.CANCELLED,
        actor=actor,
        reason=reason,
        permission=lambda user, obj: perms.is_office(user),
    )
