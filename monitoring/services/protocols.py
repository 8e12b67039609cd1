"""Protocol drafts: start, save with answers, recommendations and photos, submit, return."""

import dataclasses
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.models import AuditEntry
from municipality.services import (
    audit_record,
    workflow_move,
)
from municipality.services.attendance import attendance_record

from .. import permissions as perms
from ..models import (
    ChecklistAnswer,
    Photo,
    Protocol,
    Recommendation,
    Subject,
)
from ..photos import photo_prepare
from .common import _require, _upload_extension

# Protocols


@transaction.atomic
def protocol_start(*, actor, subject: Subject) -> Protocol:
    """Open a draft protocol of a visit to one subject."""
    _require(perms.can_file_protocol(actor, subject.group))
    protocol = Protocol.objects.create(
        group=subject.group,
        subject=subject,
        author=actor,
        visit_date=timezone.localdate() if subject.group.covers(timezone.localdate()) else None,
    )
    seat = perms.seat_of(actor, subject.group)
    protocol.members_present.add(seat)
    audit_record(actor=actor, obj=protocol, action=AuditEntry.Action.CREATE)
    return protocol


def _check_visit_date(protocol: Protocol, visit_date) -> None:
    group = protocol.group
    if visit_date is not None and not group.covers(visit_date):
        raise ValidationError(
            {
                "visit_date": _(
                    "The visit date must fall within the group's period (%(start)s – %(end)s)."
                )
                % {
                    "start": f"{group.period_start:%d.%m.%Y}",
                    "end": f"{group.period_end:%d.%m.%Y}",
                }
            }
        )


PROTOCOL_FIELDS = ("visit_date", "village", "address", "findings", "scan_summary")


@transaction.atomic
def protocol_save(
    *,
    actor,
    protocol: Protocol,
    data: dict,
    members_present=None,
    answers: dict | None = None,
    photos=(),
    keep_location: bool = False,
    remove_photos=(),
    recommendations=(),
    scan=None,
    attendance: dict | None = None,
    villages: dict | None = None,
) -> Protocol:
    """Save whatever the member typed into the draft; the form may be incomplete.

    `attendance` (the kernel's input names) and `villages` count the residents who came;
    None leaves the counts as they are. The kernel's `attendance_record` checks them.

    `data` holds any of PROTOCOL_FIELDS; `answers` maps question id → (answer, note);
    `recommendations` is a list of dicts (id or None, text, addressee, due_date, delete,
    and an optional key); the returned protocol's `created_recommendations` maps each
    new row's key to its id, so a re-displayed form does not create it twice.
    A photo that fails its check raises ValidationError; pass photos separately
    (photo_add) to keep the rest when one photo is refused.
    """
    protocol = Protocol.objects.select_for_update().select_related("group").get(pk=protocol.pk)
    _require(perms.can_edit_protocol(actor, protocol))
    changes = _protocol_fields_set(protocol=protocol, data=data, scan=scan)
    changes.update(
        _protocol_attendance_set(protocol=protocol, attendance=attendance, villages=villages)
    )
    protocol.save()
    _protocol_rows_save(
        protocol=protocol,
        members_present=members_present,
        answers=answers,
        remove_photos=remove_photos,
    )
    protocol.created_recommendations = (
        _recommendations_save(protocol, recommendations) if recommendations else {}
    )
    if changes:
        audit_record(actor=actor, obj=protocol, action=AuditEntry.Action.UPDATE, changes=changes)
    for upload in photos:
        photo_add(actor=actor, protocol=protocol, upload=upload, keep_location=keep_location)
    return protocol


def _protocol_fields_set(*, protocol: Protocol, data: dict, scan) -> dict:
    """Set the typed fields and the scan; returns the audit's changes."""
    if "visit_date" in data:
        _check_visit_date(protocol, data["visit_date"])
    changes = {}
    for field in PROTOCOL_FIELDS:
        if field in data and getattr(protocol, field) != data[field]:
            changes[field] = (getattr(protocol, field), data[field])
            setattr(protocol, field, data[field])
    if scan:
        protocol.scan.save(f"{uuid.uuid4().hex}.{_upload_extension(scan)}", scan, save=False)
        changes["scan"] = ("", protocol.scan.name)
    return changes


def _protocol_attendance_set(*, protocol: Protocol, attendance, villages) -> dict:
    """Record the residents' counts through the kernel; None keeps them (dated by the visit)."""
    if attendance is None and villages is None:
        if protocol.attendance and protocol.attendance.held_on != protocol.visit_date:
            protocol.attendance.held_on = protocol.visit_date
            protocol.attendance.save(update_fields=["held_on"])
        return {}
    before = protocol.attendance.values() if protocol.attendance else {}
    protocol.attendance = attendance_record(
        attendance=protocol.attendance,
        values=attendance or {},
        villages=villages,
        held_on=protocol.visit_date,
        source="monitoring.protocol",
    )
    after = protocol.attendance.values() if protocol.attendance else {}
    return {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}


def _protocol_rows_save(*, protocol: Protocol, members_present, answers, remove_photos) -> None:
    """The members present, the checklist answers and the photos taken off."""
    if members_present is not None:
        allowed = set(protocol.group.members.values_list("pk", flat=True))
        protocol.members_present.set([m for m in members_present if m.pk in allowed])
    if answers:
        _answers_save(protocol, answers)
    if remove_photos:
        for photo in protocol.photos.filter(pk__in=[p.pk for p in remove_photos]):
            photo.image.delete(save=False)
            photo.delete()


@dataclasses.dataclass
class ProtocolSaved:
    """What `protocol_save_with_photos` kept and what it refused, for the form to show."""

    protocol: Protocol
    created_recommendations: dict = dataclasses.field(default_factory=dict)
    error: ValidationError | None = None
    photo_errors: list = dataclasses.field(default_factory=list)


@transaction.atomic
def protocol_save_with_photos(
    *, actor, protocol: Protocol, photos=(), keep_location: bool = False, **fields
) -> ProtocolSaved:
    """Save the draft, then each photo on its own: a refused one does not lose the rest."""
    result = ProtocolSaved(protocol=protocol)
    try:
        with transaction.atomic():
            saved = protocol_save(actor=actor, protocol=protocol, **fields)
    except ValidationError as error:
        result.error = error
    else:
        result.protocol = saved
        result.created_recommendations = saved.created_recommendations
    for upload in photos:
        try:
            with transaction.atomic():
                photo_add(
                    actor=actor, protocol=protocol, upload=upload, keep_location=keep_location
                )
        except ValidationError as error:
            result.photo_errors.append(f"{upload.name}: {' '.join(error.messages)}")
    return result


def _answers_save(protocol: Protocol, answers: dict) -> None:
    questions = {
        q.pk: q for q in protocol.group.questions.filter(subject_kind=protocol.subject.kind)
    }
    existing = {a.question_id: a for a in protocol.answers.all()}
    for question_id, (answer, note) in answers.items():
        if question_id not in questions:
            continue
        row = existing.get(question_id)
        if row is None:
            if not answer and not note:
                continue
            ChecklistAnswer.objects.create(
                protocol=protocol, question_id=question_id, answer=answer, note=note
            )
        elif (row.answer, row.note) != (answer, note):
            row.answer, row.note = answer, note
            row.save(update_fields=["answer", "note"])


def _recommendations_save(protocol: Protocol, rows) -> dict:
    """Create, edit or delete rows; returns {row key: id} for the rows created."""
    existing = {r.pk: r for r in protocol.recommendations.all()}
    created = {}
    for row in rows:
        current = existing.get(row.get("id")) if row.get("id") else None
        if row.get("delete"):
            if current:
                current.delete()
            continue
        if not (row.get("text") or "").strip():
            continue
        if current is None:
            current = Recommendation(protocol=protocol)
        current.text = row["text"].strip()
        current.addressee = (row.get("addressee") or "").strip() or _("Ayil okmotu")
        current.due_date = row.get("due_date")
        is_new = current.pk is None
        current.save()
        if is_new and row.get("key"):
            created[row["key"]] = current.pk
    return created


@transaction.atomic
def photo_add(
    *, actor, protocol: Protocol, upload, keep_location: bool = False, caption: str = ""
) -> Photo:
    """Check, downscale and strip one photo, then attach it to a draft protocol."""
    _require(perms.can_edit_protocol(actor, protocol))
    prepared = photo_prepare(upload, keep_location=keep_location)
    photo = Photo(
        protocol=protocol, caption=caption, keeps_location=keep_location, uploaded_by=actor
    )
    # Random names: a draft's photo must not be found by guessing its address.
    photo.image.save(f"{uuid.uuid4().hex}.jpg", prepared, save=False)
    photo.save()
    return photo


@transaction.atomic
def protocol_submit(*, actor, protocol: Protocol) -> Protocol:
    """Hand a complete draft to the chair for sign-off."""
    protocol = (
        Protocol.objects.select_for_update().select_related("group", "subject").get(pk=protocol.pk)
    )
    _require(perms.can_submit_protocol(actor, protocol))
    errors = {}
    if protocol.visit_date is None:
        errors["visit_date"] = _("Enter the date of the visit.")
    else:
        try:
            _check_visit_date(protocol, protocol.visit_date)
        except ValidationError as error:
            errors.update(error.message_dict)
    if not protocol.members_present.exists():
        errors["members_present"] = _("Mark the members who were present.")
    if not (protocol.findings.strip() or (protocol.scan and protocol.scan_summary.strip())):
        errors["findings"] = _("Write the findings (or upload the paper scan with its summary).")
    if errors:
        raise ValidationError(errors)
    workflow_move(
        obj=protocol,
        to=Protocol.Status.SUBMITTED,
        actor=actor,
        permission=perms.can_submit_protocol,
    )
    protocol.submitted_at = timezone.now()
    protocol.save(update_fields=["submitted_at"])
    return protocol


@transaction.atomic
def protocol_return(*, actor, protocol: Protocol, reason: str) -> Protocol:
    """The chair sends a submitted protocol back to the members for corrections."""
    protocol = (
        Protocol.objects.select_for_update().select_related("group", "subject").get(pk=protocol.pk)
    )
    _require(perms.can_return_protocol(actor, protocol))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what must be corrected.")})
    return workflow_move(
        obj=protocol,
        to=Protocol.Status.DRAFT,
        actor=actor,
        reason=reason,
        permission=perms.can_return_protocol,
    )
