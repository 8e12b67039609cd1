"""Hearings: preparation, announcement, the record of the day, the protocol, reminders."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipality.i18n import kyrgyz_fields, text_in
from municipality.models import AuditEntry, Notice, OfficialDocument, Role
from municipality.services import (
    audit_record,
    document_issue_publish,
    event_texts,
    head_signer,
    notice_publish,
    workflow_move,
)
from municipality.services.attendance import attendance_record
from municipality.services.audit import model_changes
from municipality.services.outbox import absolute_url

from ..models import Hearing, HearingMaterial, Proposal
from ..permissions import (
    can_announce_hearing,
    can_edit_hearing,
    can_hold_hearing,
    can_manage_budget,
    can_publish_protocol,
)

#: Fields staff edit; the services take the plain translated names (`address`) as Kyrgyz too.
HEARING_FIELDS = (
    "kind",
    "fiscal_year",
    "starts_at",
    "village",
    "address_ky",
    "address_ru",
    "agenda_ky",
    "agenda_ru",
    "responsible",
)


def notice_days() -> int:
    """How many days ahead a hearing must be announced (BUDGET_HEARING_NOTICE_DAYS)."""
    return int(getattr(settings, "BUDGET_HEARING_NOTICE_DAYS", 10))


def hearing_locked(*, hearing: Hearing) -> Hearing:
    """The hearing's row, locked for this transaction."""
    return Hearing.objects.select_for_update().get(pk=hearing.pk)


@transaction.atomic
def hearing_create(*, actor, data: dict) -> Hearing:
    """Prepare a new hearing as a draft."""
    if not can_manage_budget(actor):
        raise PermissionDenied
    data = kyrgyz_fields(Hearing, data)
    lines = data.pop("materials_lines", None)
    hearing = Hearing(**{f: data[f] for f in HEARING_FIELDS if f in data})
    hearing.full_clean(exclude=["materials_lines"])
    hearing.save()
    if lines is not None:
        hearing.materials_lines.set(lines)
    audit_record(actor=actor, obj=hearing, action=AuditEntry.Action.CREATE, new=hearing.status)
    return hearing


@transaction.atomic
def hearing_update(*, hearing: Hearing, actor, data: dict) -> Hearing:
    """Change a hearing's details; once announced, its date and place stay as announced."""
    hearing = hearing_locked(hearing=hearing)
    if not can_edit_hearing(actor, hearing):
        raise PermissionDenied
    data = kyrgyz_fields(Hearing, data)
    before = {f: getattr(hearing, f) for f in HEARING_FIELDS}
    if hearing.status != Hearing.Status.DRAFT:
        for field in ("starts_at", "village", "kind", "fiscal_year"):
            if field in data and data[field] != before[field]:
                raise ValidationError(
                    {
                        field: _(
                            "The hearing has been announced: its kind, year, date and village "
                            "can no longer change."
                        )
                    }
                )
    lines = data.pop("materials_lines", None)
    for field in HEARING_FIELDS:
        if field in data:
            setattr(hearing, field, data[field])
    hearing.full_clean(exclude=["materials_lines"])
    hearing.save()
    if lines is not None:
        hearing.materials_lines.set(lines)
    audit_record(
        actor=actor,
        obj=hearing,
        action=AuditEntry.Action.UPDATE,
        changes=model_changes(before=before, after=hearing, fields=HEARING_FIELDS),
    )
    return hearing


@transaction.atomic
def hearing_material_add(*, hearing: Hearing, actor, file, title: str) -> HearingMaterial:
    """Attach a checked file (PDF, JPEG, PNG) to the hearing's materials."""
    hearing = hearing_locked(hearing=hearing)
    if not can_edit_hearing(actor, hearing):
        raise PermissionDenied
    material = HearingMaterial.objects.create(
        hearing=hearing,
        title=title,
        file=file,
        content_type=getattr(file, "detected_type", "") or "application/octet-stream",
        size=file.size,
    )
    audit_record(
        actor=actor,
        obj=hearing,
        action=AuditEntry.Action.UPDATE,
        changes={"materials": ("", title)},
    )
    return material


def _announcement_texts(hearing: Hearing) -> dict:
    """The notice's title, body and place in Kyrgyz and Russian."""
    return {
        **event_texts(
            event="budget.hearing_announced",
            context={"hearing": hearing, "url": absolute_url(path=hearing.get_absolute_url())},
        ),
        "place": text_in(hearing, "place"),
        "place_ru": text_in(hearing, "place", "ru"),
    }


@transaction.atomic
def hearing_announce(*, hearing: Hearing, actor, today: datetime.date | None = None) -> Hearing:
    """Publish the hearing on the notice board, at least N days before its date."""
    hearing = hearing_locked(hearing=hearing)
    if not can_announce_hearing(actor, hearing):
        raise PermissionDenied
    today = today or timezone.localdate()
    days = notice_days()
    hearing_day = timezone.localdate(hearing.starts_at)
    last_day = hearing_day - datetime.timedelta(days=days)
    if today > last_day:
        raise ValidationError(
            _(
                "Too late to announce: a hearing must be announced at least %(days)s days "
                "before its date. The hearing is on %(date)s, so the last day to announce it "
                "was %(last)s. Move the hearing to %(earliest)s or later."
            ),
            code="too_late",
            params={
                "days": days,
                "date": formats.date_format(hearing_day, "SHORT_DATE_FORMAT"),
                "last": formats.date_format(last_day, "SHORT_DATE_FORMAT"),
                "earliest": formats.date_format(
                    today + datetime.timedelta(days=days), "SHORT_DATE_FORMAT"
                ),
            },
        )
    workflow_move(
        obj=hearing, to=Hearing.Status.ANNOUNCED, actor=actor, permission=can_announce_hearing
    )
    texts = _announcement_texts(hearing)
    hearing.notice = notice_publish(
        actor=actor,
        category=Notice.Category.HEARING,
        subject=hearing,
        event_at=hearing.starts_at,
        expire_at=hearing.starts_at + datetime.timedelta(days=1),
        **texts,
    )
    hearing.save(update_fields=["notice", "updated_at"])
    return hearing


@transaction.atomic
def hearing_hold(
    *,
    hearing: Hearing,
    actor,
    attendance: dict,
    villages: dict | None = None,
    discussion: str = "",
    now: datetime.datetime | None = None,
) -> Hearing:
    """Record the hearing: attendance (total and breakdowns) and the course of the discussion.

    `attendance` holds the input names of the kernel's attendance (`attendance_total`,
    `attendance_women`…); `villages` maps a Village to its count. The kernel's
    `attendance_check` refuses any breakdown over the total. Recording again while
    the hearing is held corrects the record.
    """
    hearing = hearing_locked(hearing=hearing)
    if not can_hold_hearing(actor, hearing):
        raise PermissionDenied
    now = now or timezone.now()
    if timezone.localdate(hearing.starts_at) > timezone.localdate(now):
        raise ValidationError(
            _("The hearing is on %(date)s: its record can be entered from that day on."),
            params={
                "date": formats.date_format(
                    timezone.localdate(hearing.starts_at), "SHORT_DATE_FORMAT"
                )
            },
        )
    old = hearing.attendance
    before = old.values() if old else {}
    hearing.attendance = attendance_record(
        attendance=old,
        values=attendance,
        villages=villages,
        held_on=timezone.localdate(hearing.starts_at),
        source="budget.hearing",
        require_total=True,
    )
    hearing.discussion = discussion or ""
    if hearing.status == Hearing.Status.ANNOUNCED:
        workflow_move(
            obj=hearing, to=Hearing.Status.HELD, actor=actor, permission=can_hold_hearing
        )
    else:
        after = hearing.attendance.values()
        audit_record(
            actor=actor,
            obj=hearing,
            action=AuditEntry.Action.UPDATE,
            changes={k: (before.get(k), v) for k, v in after.items() if before.get(k) != v},
        )
    hearing.save()
    return hearing


@transaction.atomic
def hearing_publish_protocol(*, hearing: Hearing, actor) -> Hearing:
    """Issue the Kyrgyz protocol (протокол) through the registry and publish it."""
    hearing = hearing_locked(hearing=hearing)
    if not can_publish_protocol(actor, hearing):
        raise PermissionDenied
    undecided = hearing.proposals.filter(decision=Proposal.Decision.PENDING).count()
    if undecided:
        raise ValidationError(
            _("Decide every proposal first: %(count)s proposal(s) still have no decision."),
            params={"count": undecided},
        )
    with translation.override("ky"):
        title = gettext("Protocol of the %(title)s") % {"title": hearing.title}

    def attach(documents):
        (hearing.protocol,) = documents
        workflow_move(
            obj=hearing,
            to=Hearing.Status.PROTOCOL_PUBLISHED,
            actor=actor,
            permission=can_publish_protocol,
            extra_fields=["protocol"],
        )

    document_issue_publish(
        actor=actor,
        documents=[
            {
                "kind": OfficialDocument.Kind.PROTOCOL,
                "subject": hearing,
                "title": title,
                "template_name": "budget/pdf/protocol.html",
                "language": "ky",
                **head_signer(),
            }
        ],
        attach=attach,
        notice={
            "category": Notice.Category.HEARING,
            "subject": hearing,
            **event_texts(
                event="budget.protocol_published",
                context={"hearing": hearing, "url": absolute_url(path=hearing.get_absolute_url())},
            ),
        },
    )
    return hearing


def hearings_due_tomorrow(today: datetime.date) -> list[dict]:
    """The reminder check: announced hearings of tomorrow → registered residents and staff."""
    tomorrow = today + datetime.timedelta(days=1)
    reminders = []
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    hearings = list(
        Hearing.objects.filter(
            status=Hearing.Status.ANNOUNCED, starts_at__gte=start, starts_at__lt=end
        ).select_related("village")
    )
    if not hearings:
        return reminders
    User = get_user_model()
    office = list(
        User.objects.filter(is_active=True, groups__name__in=(Role.STAFF, Role.HEAD)).distinct()
    )
    for hearing in hearings:
        registered = list(
            User.objects.filter(is_active=True, budget_registrations__hearing=hearing)
        )
        users = {u.pk: u for u in [*registered, *office]}
        reminders.append(
            {
                "key": f"budget.hearing.{hearing.pk}.tomorrow",
                "users": list(users.values()),
                "event": "budget.hearing_tomorrow",
                "context": {
                    "hearing": hearing,
                    "url": absolute_url(path=reverse("budget:hearing-detail", args=[hearing.pk])),
                },
            }
        )
    return reminders
