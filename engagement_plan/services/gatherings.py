"""The village gatherings that discuss the draft (4.9): community gatherings of the plan.

The community services announce, hold and call off every gathering; what the plan does
with its own is here, registered for the kind "public discussion of the plan" in
`EngagementPlanConfig.ready()`. So whichever page records the gathering (the plan's or
the community's), the plan sees it held, and a plan-discussion gathering is never
announced without its plan.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import Gathering
from community.services import gathering_announce, gathering_cancel, gathering_hold
from municipality.models import AuditEntry
from municipality.services import audit_record

from .. import permissions as perms
from ..models import Plan

#: Refusal of a plan-discussion gathering announced without its plan (community pages).
PLAN_REQUIRED = gettext_lazy(
    "Choose the plan under public discussion that this gathering discusses. A plan's "
    "discussion is opened on the plan's page, which announces its first gathering."
)
NOT_UNDER_DISCUSSION = gettext_lazy("The plan «%(plan)s» is not under public discussion.")


@transaction.atomic
def gathering_record(
    *,
    plan: Plan,
    actor,
    held_on: datetime.date,
    place: str,
    minutes: str,
    decisions: str,
    chair_name: str,
    secretary_name: str = "",
    by_village=None,
    **attendance,
) -> Gathering:
    """Record, from the plan's page, the village gathering that discussed the draft.

    Holds the gathering announced with the discussion (or, none being announced any more,
    a new one for the day it was held) through the community's `gathering_hold`: minutes,
    decisions, the protocol PDF and the attendance. `attendance` takes the kernel's input
    names (`attendance_total`, `attendance_women`…) and `by_village` maps a village (or
    its pk) to a count.
    """
    if not perms.can_manage_discussion(actor, plan):
        raise PermissionDenied
    gathering = _gathering_to_hold(plan=plan, actor=actor, held_on=held_on)
    return gathering_hold(
        gathering=gathering,
        actor=actor,
        held_on=held_on,
        place=place,
        minutes=minutes,
        decisions=decisions,
        chair_name=chair_name,
        secretary_name=secretary_name,
        attendance=attendance,
        villages=by_village,
    )


def _gathering_to_hold(*, plan: Plan, actor, held_on: datetime.date) -> Gathering:
    """The gathering announced with the discussion, else another announced gathering of the
    plan, else (all held or cancelled, or none announced) a new one for the day it was held."""
    announced = plan.announced_gathering
    if announced is None or announced.status != Gathering.Status.ANNOUNCED:
        announced = (
            plan.gatherings.filter(status=Gathering.Status.ANNOUNCED)
            .order_by("starts_at", "pk")
            .first()
        )
    if announced is not None:
        return Gathering.objects.select_for_update().get(pk=announced.pk)
    starts_at = plan.gathering_at or timezone.make_aware(
        datetime.datetime.combine(held_on, datetime.time(10, 0))
    )
    return discussion_gathering_announce(
        plan=plan, actor=actor, starts_at=starts_at, place=plan.gathering_place or "—"
    )


def _texts(plan: Plan, language: str) -> tuple[str, str]:
    with translation.override(language):
        title = plan.title_ru if language == "ru" and plan.title_ru else plan.title_ky
        return (
            _("Public discussion of the plan «%(title)s»") % {"title": title},
            _("Public discussion of the draft plan for engaging the local community (4.9)."),
        )


@transaction.atomic
def discussion_gathering_announce(
    *, plan: Plan, actor, starts_at: datetime.datetime, place: str, notice=None
) -> Gathering:
    """Announce the plan's public-discussion gathering as a community gathering (4.9).

    The plan's own notice (`notice`, published when the discussion opens) announces it;
    without one, none is published (a gathering recorded after it took place)."""
    title, agenda = _texts(plan, "ky")
    title_ru, agenda_ru = _texts(plan, "ru")
    return gathering_announce(
        actor=actor,
        kind=Gathering.Kind.PLAN_DISCUSSION,
        title=title,
        title_ru=title_ru,
        agenda=agenda,
        agenda_ru=agenda_ru,
        starts_at=starts_at,
        place=place,
        place_ru=place,
        subject=plan,
        notice=notice,
        publish=False,
    )


def _plan_of(gathering: Gathering) -> Plan | None:
    """The plan whose discussion the gathering is (locked), by either link."""
    ids = Plan.objects.filter(Q(announced_gathering=gathering) | Q(gatherings=gathering)).values(
        "pk"
    )
    return Plan.objects.select_for_update().filter(pk__in=ids).order_by("pk").first()


def _link(plan: Plan, gathering: Gathering, *, actor, changes: dict) -> None:
    before = sorted(plan.gatherings.values_list("pk", flat=True))
    plan.gatherings.add(gathering)
    after = sorted(plan.gatherings.values_list("pk", flat=True))
    if before != after:
        changes["gatherings"] = (before, after)
    audit_record(actor=actor, obj=plan, action=AuditEntry.Action.UPDATE, changes=changes)


@transaction.atomic
def discussion_gathering_announced(*, gathering: Gathering, subject, actor) -> None:
    """A plan-discussion gathering is announced (from the plan or the community pages): it
    belongs to `subject`, a plan under public discussion, and is refused without one."""
    if subject is None:
        raise ValidationError({"plan": PLAN_REQUIRED})
    plan = Plan.objects.select_for_update().get(pk=subject.pk)
    if plan.status != Plan.Status.DISCUSSION:
        raise ValidationError({"plan": NOT_UNDER_DISCUSSION % {"plan": plan}})
    if not perms.can_manage_discussion(actor, plan):
        raise PermissionDenied
    _link(plan, gathering, actor=actor, changes={})


def _announced_on(plan: Plan, gathering: Gathering) -> datetime.date:
    """The day it was announced for: the plan's date for the gathering announced with the
    discussion (that date may be moved), else the gathering's own."""
    if plan.announced_gathering_id == gathering.pk and plan.gathering_at:
        return timezone.localdate(plan.gathering_at)
    return timezone.localdate(gathering.starts_at)


def _check_held_on(plan: Plan, gathering: Gathering) -> None:
    held_on = gathering.held_on
    if held_on > timezone.localdate():
        raise ValidationError(
            {"held_on": _("The gathering cannot be recorded before it is held.")}
        )
    announced_on = _announced_on(plan, gathering)
    if held_on < announced_on:
        raise ValidationError(
            {
                "held_on": _(
                    "The gathering was announced for %(date)s; it cannot be recorded as held "
                    "before that."
                )
                % {"date": announced_on.strftime("%d.%m.%Y")}
            }
        )


@transaction.atomic
def discussion_gathering_held(*, gathering: Gathering, actor) -> None:
    """A plan-discussion gathering has been held (from the plan or the community pages): the
    plan counts it as its discussion's gathering (4.9), which its approval requires.

    Refused while the plan is not under discussion, for a day still to come, or before the
    day it was announced for."""
    plan = _plan_of(gathering)
    if plan is None:
        return  # announced from the community pages before a plan was required
    if plan.status != Plan.Status.DISCUSSION:
        raise ValidationError(NOT_UNDER_DISCUSSION % {"plan": plan})
    if not perms.can_manage_discussion(actor, plan):
        raise PermissionDenied
    _check_held_on(plan, gathering)
    now = timezone.now()
    if gathering.starts_at > now:  # the plan's date was moved earlier after it was announced
        gathering.starts_at = min(plan.gathering_at or now, now)
        gathering.save(update_fields=["starts_at", "updated_at"])
    _link(
        plan,
        gathering,
        actor=actor,
        changes={"gathering_held": ("", f"{gathering.pk}: {gathering.held_on:%d.%m.%Y}")},
    )


@transaction.atomic
def discussion_gathering_cancel(*, plan: Plan, actor, reason: str) -> None:
    """Call off the plan's announced gatherings when it goes back to a draft."""
    announced = Gathering.objects.filter(
        Q(pk=plan.announced_gathering_id) | Q(plans=plan), status=Gathering.Status.ANNOUNCED
    ).distinct()
    for gathering in announced.order_by("pk"):
        gathering_cancel(gathering=gathering, actor=actor, reason=reason)
