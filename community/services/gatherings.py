"""Gatherings and kurultai: announced, held with minutes and attendance, or cancelled."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.i18n import in_kyrgyz
from municipality.models import AuditEntry, Notice, OfficialDocument
from municipality.services import document_issue
from municipality.services.attendance import attendance_record
from municipality.services.audit import audit_record
from municipality.services.notices import notice_publish
from municipality.services.workflow import workflow_move

from ..models import (
    Gathering,
)
from ._common import _check_manage

MINUTES_TITLE = gettext_lazy("Minutes: %(title)s")


@dataclass(frozen=True)
class _Procedure:
    announced: Callable
    held: Callable


#: Kinds of gathering that are a step of another app's procedure (the plan's public
#: discussion): that app registers what it does with them in its `ready()`, so the
#: imports go one way (engagement_plan → community) and every page that announces or
#: holds such a gathering goes through the services below.
_PROCEDURES: dict[str, _Procedure] = {}


def gathering_kind_register(*, kind: str, announced: Callable, held: Callable) -> None:
    """Hand the gatherings of `kind` to the procedure they are a step of.

    `announced(gathering=, subject=, actor=)` runs when one is announced, with the record
    it belongs to (`subject`, None when none was chosen: the procedure refuses it);
    `held(gathering=, actor=)` runs when it is held, whichever page records it. Both run in
    the same transaction, so their ValidationError undoes the announcement or the record.
    """
    _PROCEDURES[kind] = _Procedure(announced=announced, held=held)


@transaction.atomic
def gathering_announce(
    *,
    actor,
    kind: str,
    title: str,
    agenda: str,
    starts_at: datetime.datetime,
    place: str,
    village=None,
    title_ru: str = "",
    agenda_ru: str = "",
    place_ru: str = "",
    subject=None,
    notice: Notice | None = None,
    publish: bool = True,
) -> Gathering:
    """Announce a gathering or kurultai with its agenda, date and place on the notice board.

    A gathering of a kind registered by another app (`gathering_kind_register`) belongs to
    `subject`, e.g. the plan under public discussion. `notice` is a board entry that already
    announces it (the plan's); with `publish=False` none is published (a gathering entered
    after it took place)."""
    _check_manage(actor)
    gathering = Gathering.objects.create(
        kind=kind,
        title_ky=title,
        title_ru=title_ru,
        agenda_ky=agenda,
        agenda_ru=agenda_ru,
        place_ky=place,
        place_ru=place_ru,
        starts_at=starts_at,
        village=village,
        created_by=actor,
    )
    audit_record(actor=actor, obj=gathering, action=AuditEntry.Action.CREATE)
    procedure = _PROCEDURES.get(kind)
    if procedure is not None:
        procedure.announced(gathering=gathering, subject=subject, actor=actor)
    if notice is not None or not publish:
        gathering.notice = notice
        gathering.save(update_fields=["notice"])
        return gathering
    gathering.notice = notice_publish(
        actor=actor,
        category=Notice.Category.GENERAL,
        title=title,
        title_ru=title_ru or title,
        body=agenda,
        body_ru=agenda_ru or agenda,
        subject=gathering,
        event_at=starts_at,
        place=place,
        place_ru=place_ru or place,
    )
    gathering.save(update_fields=["notice"])
    return gathering


@transaction.atomic
def gathering_hold(
    *,
    gathering: Gathering,
    actor,
    held_on: datetime.date,
    minutes: str,
    decisions: str,
    chair_name: str,
    secretary_name: str = "",
    attendance: dict,
    villages: dict | None = None,
    place: str = "",
) -> Gathering:
    """Record that the gathering took place: minutes, decisions and who came.

    The one way a gathering is held, from the community pages and from the plan's page
    alike. The counts go through the kernel's `attendance_record` (a total is required and
    no breakdown may exceed it); `place`, when given, is where it took place if not where
    announced. The procedure the gathering is a step of (the plan's discussion) sees it
    held; then the minutes protocol PDF is issued in the registry.
    """
    _check_manage(actor)
    gathering.attendance = attendance_record(
        attendance=gathering.attendance,
        values=attendance,
        villages=villages,
        held_on=held_on,
        source=gathering.attendance_source,
        require_total=True,
    )
    if place:
        gathering.place_ky = gathering.place_ru = place
    gathering.held_on = held_on
    gathering.minutes = minutes
    gathering.decisions = decisions
    gathering.chair_name = chair_name
    gathering.secretary_name = secretary_name
    workflow_move(
        obj=gathering,
        to=Gathering.Status.HELD,
        actor=actor,
        extra_fields=[
            "attendance",
            "held_on",
            "minutes",
            "decisions",
            "chair_name",
            "secretary_name",
            "place",
            "place_ky",
            "place_ru",
        ],
    )
    procedure = _PROCEDURES.get(gathering.kind)
    if procedure is not None:
        procedure.held(gathering=gathering, actor=actor)
    gathering.document = document_issue(
        kind=OfficialDocument.Kind.PROTOCOL,
        subject=gathering,
        title=in_kyrgyz(MINUTES_TITLE, title=gathering.title_ky),
        template_name="community/pdf/minutes.html",
        actor=actor,
        signer_name=chair_name,
        signer_position=_("Chair of the gathering"),
        date=held_on,
    )
    gathering.save(update_fields=["document"])
    return gathering


@transaction.atomic
def gathering_cancel(*, gathering: Gathering, actor, reason: str) -> Gathering:
    """Call an announced gathering off; the reason is kept in the audit log."""
    _check_manage(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the gathering is cancelled.")})
    return workflow_move(obj=gathering, to=Gathering.Status.CANCELLED, actor=actor, reason=reason)
