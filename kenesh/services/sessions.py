"""Sessions (сессия): preparation, agenda, announcement, registration to attend, holding."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipality.dates import official_datetime
from municipality.models import AuditEntry, Notice
from municipality.services import (
    audit_record,
    notice_publish,
    workflow_move,
)
from municipality.services.attendance import attendance_record
from municipality.services.public_version import public_content_changed

from .. import permissions as perms
from .. import selectors
from ..models import (
    AgendaItem,
    Deputy,
    Initiative,
    Session,
    SessionRegistration,
)
from ._common import KYRGYZ, _require

# Sessions and their agenda


@transaction.atomic
def session_create(
    *,
    actor,
    convocation: int,
    number: int,
    starts_at: datetime.datetime,
    place: str,
    is_closed: bool = False,
    closed_reason: str = "",
) -> Session:
    """Prepare a session; hearing proposals forwarded to the kenesh join its agenda."""
    _require(perms.can_manage_kenesh(actor))
    if is_closed and not closed_reason.strip():
        raise ValidationError(
            {"closed_reason": _("A session is closed only for a state secret: write the reason.")}
        )
    if Session.objects.filter(convocation=convocation, number=number).exists():
        raise ValidationError(
            {"number": _("This convocation already has a session with this number.")}
        )
    session = Session.objects.create(
        convocation=convocation,
        number=number,
        starts_at=starts_at,
        place=place,
        is_closed=is_closed,
        closed_reason=closed_reason if is_closed else "",
    )
    audit_record(actor=actor, obj=session, action=AuditEntry.Action.CREATE)
    forwarded_proposals_add(session=session, actor=actor)
    return session


def forwarded_proposals_add(*, session: Session, actor) -> list[AgendaItem]:
    """Put the hearing proposals forwarded to the kenesh, not yet on an agenda, on this one."""
    items = []
    for proposal in selectors.proposals_forwarded_waiting():
        with override(KYRGYZ):
            title = _("Budget hearing proposal: %(text)s") % {"text": proposal.text[:300]}
        items.append(
            agenda_item_add(
                actor=actor,
                session=session,
                title=title,
                description=proposal.text,
                source=AgendaItem.Source.HEARING,
                proposal=proposal,
            )
        )
    return items


def _next_order(session: Session) -> int:
    last = session.items.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def agenda_item_add(
    *,
    actor,
    session: Session,
    title: str,
    description: str = "",
    material=None,
    source: str = AgendaItem.Source.KENESH,
    initiative: Initiative | None = None,
    proposal=None,
) -> AgendaItem:
    """Add an item to a session's agenda while the session is being prepared."""
    _require(perms.can_manage_kenesh(actor))
    if session.status != Session.Status.DRAFT:
        raise ValidationError(
            _("The agenda of an announced session cannot change: announce a new session.")
        )
    item = AgendaItem(
        session=session,
        order=_next_order(session),
        title=title[:500],
        description=description,
        source=source,
        initiative=initiative,
        proposal=proposal,
    )
    if material:
        item.material.save(material.name, material, save=False)
    item.save()
    audit_record(actor=actor, obj=item, action=AuditEntry.Action.CREATE)
    return item


def announce_deadline(*, starts_at: datetime.datetime) -> datetime.date:
    """The last day a session starting at `starts_at` may be announced."""
    day = timezone.localtime(starts_at).date()
    return day - datetime.timedelta(days=settings.KENESH_NOTICE_DAYS)


@transaction.atomic
def session_announce(*, actor, session: Session, today: datetime.date | None = None) -> Session:
    """Announce the date, place and agenda on the notice board at least N days ahead."""
    _require(perms.can_manage_kenesh(actor))
    today = today or timezone.localdate()
    if today > announce_deadline(starts_at=session.starts_at):
        raise ValidationError(
            _(
                "A session must be announced at least %(days)s days before it starts: "
                "move the date to %(date)s or later."
            ),
            params={
                "days": settings.KENESH_NOTICE_DAYS,
                "date": (today + datetime.timedelta(days=settings.KENESH_NOTICE_DAYS)).strftime(
                    "%d.%m.%Y"
                ),
            },
        )
    items = list(session.items.all())
    if not items:
        raise ValidationError(_("Add at least one item to the agenda first."))
    texts = {}
    for language in ("ky", "ru"):
        with override(language):
            texts[language] = (
                _("Kenesh session %(number)s: %(date)s")
                % {
                    "number": session.number,
                    "date": official_datetime(session.starts_at),
                },
                "\n".join(
                    [_("Agenda:")]
                    + [f"{item.order}. {item.title}" for item in items]
                    + (
                        [
                            _("The session is closed: %(reason)s")
                            % {"reason": session.closed_reason}
                        ]
                        if session.is_closed
                        else [_("The session is open: residents may come and listen.")]
                    )
                ),
            )
    session.notice = notice_publish(
        actor=actor,
        category=Notice.Category.KENESH,
        title=texts["ky"][0],
        body=texts["ky"][1],
        title_ru=texts["ru"][0],
        body_ru=texts["ru"][1],
        subject=session,
        event_at=session.starts_at,
        place=session.place,
    )
    session.announced_at = timezone.now()
    return workflow_move(
        obj=session,
        to=Session.Status.ANNOUNCED,
        actor=actor,
        permission=perms.can_manage_kenesh_obj,
        extra_fields=["notice", "announced_at"],
    )


@transaction.atomic
def session_register(*, session: Session, user) -> SessionRegistration:
    """A resident registers to attend an announced open session (once)."""
    if not user.is_authenticated:
        raise PermissionDenied
    if session.status != Session.Status.ANNOUNCED or session.starts_at <= timezone.now():
        raise ValidationError(_("Registration is open only before an announced session."))
    if session.is_closed:
        raise ValidationError(_("This session is closed to the public."))
    registration, created = SessionRegistration.objects.get_or_create(session=session, user=user)
    if created:
        public_content_changed()  # the session's public page counts who will come
    return registration


@transaction.atomic
def session_hold(
    *,
    actor,
    session: Session,
    deputies_present: Iterable[Deputy],
    attendance: dict | None = None,
    villages: dict | None = None,
) -> Session:
    """Record that the session took place: the deputies present and how many residents came."""
    _require(perms.can_manage_kenesh(actor))
    if timezone.now() < session.starts_at:
        raise ValidationError(_("The session has not started yet."))
    session = workflow_move(
        obj=session, to=Session.Status.HELD, actor=actor, permission=perms.can_manage_kenesh_obj
    )
    present = list(deputies_present)
    day = timezone.localtime(session.starts_at).date()
    outside = [d.full_name for d in present if not d.in_office(day)]
    if outside:
        raise ValidationError(
            _("Not a deputy on the day of the session: %(names)s"),
            params={"names": ", ".join(outside)},
        )
    session.deputies_present.set(present)
    if attendance is not None:
        session.attendance = attendance_record(
            attendance=session.attendance,
            values=attendance,
            villages=villages,
            held_on=day,
            source="kenesh.session",
        )
        session.save(update_fields=["attendance"])
    audit_record(
        actor=actor,
        obj=session,
        action=AuditEntry.Action.UPDATE,
        changes={"deputies_present": ("", ", ".join(d.full_name for d in present))},
    )
    return session


@transaction.atomic
def initiators_invite(*, actor, item: AgendaItem, how: str) -> AgendaItem:
    """Record that the initiators of an initiative were invited to the session."""
    _require(perms.can_manage_kenesh(actor))
    if item.initiative_id is None:
        raise ValidationError(_("Only an initiative's item has initiators to invite."))
    if not how.strip():
        raise ValidationError({"how": _("Write how and when the initiators were invited.")})
    item.initiators_invited_at = timezone.now()
    item.initiators_invitation = how.strip()[:300]
    item.save(update_fields=["initiators_invited_at", "initiators_invitation"])
    audit_record(
        actor=actor,
        obj=item,
        action=AuditEntry.Action.UPDATE,
        changes={"initiators_invitation": ("", item.initiators_invitation)},
    )
    return item
