"""Every write of the monitoring app. Views and tasks call these; each checks permission."""

import datetime
import uuid

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipality.i18n import KYRGYZ, kyrgyz_fields, kyrgyz_name
from municipality.models import AuditEntry, Notice, OfficialDocument, Role
from municipality.services import (
    audit_record,
    document_issue,
    document_issue_publish,
    event_texts,
    workflow_move,
)
from municipality.services.attendance import attendance_record

from . import permissions as perms
from . import selectors
from .models import (
    ChecklistAnswer,
    ChecklistQuestion,
    GroupMember,
    GroupReport,
    MonitoringGroup,
    Photo,
    Protocol,
    Recommendation,
    Subject,
)
from .photos import photo_prepare

# Questions every new group starts with; the chair edits them afterwards.
DEFAULT_QUESTIONS = {
    Subject.Kind.INITIATIVE: [
        (
            "Иш-чаралар техникалык тапшырмага ылайык аткарылып жатабы?",
            "Выполняются ли работы в соответствии с техническим заданием?",
        ),
        ("Мөөнөттөр сакталып жатабы?", "Соблюдаются ли сроки?"),
        (
            "Тургундардын өз салымы (ашар) көрсөтүлдүбү?",
            "Внесён ли собственный вклад жителей (ашар)?",
        ),
        ("Тургундар сапаттуу кызмат алып жатабы?", "Получают ли жители качественную услугу?"),
    ],
    Subject.Kind.PLAN_ACTIVITY: [
        ("Иш-чара пландагы мөөнөттө өттүбү?", "Проведено ли мероприятие в срок по плану?"),
        ("Тургундарга алдын ала маалымат берилдиби?", "Были ли жители заранее проинформированы?"),
        ("Аялдар жана жаштар катыштыбы?", "Участвовали ли женщины и молодёжь?"),
    ],
    Subject.Kind.PLAN: [
        (
            "План маалымат тактасында жана сайтта жарыяланганбы?",
            "Опубликован ли план на информационной доске и на сайте?",
        ),
        (
            "Пландын иш-чаралары мөөнөтүндө аткарылып жатабы?",
            "Выполняются ли мероприятия плана в срок?",
        ),
    ],
    Subject.Kind.BUDGET: [
        (
            "Каражат бекитилген максатка жумшалып жатабы?",
            "Расходуются ли средства по утверждённому назначению?",
        ),
        ("Чыгымдар жөнүндө маалымат ачыкпы?", "Открыта ли информация о расходах?"),
    ],
    Subject.Kind.OTHER: [
        ("Тургундардын көйгөйү чечилдиби?", "Решена ли проблема жителей?"),
    ],
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _role_grant(user) -> None:
    group, _created = Group.objects.get_or_create(name=Role.MONITORING_MEMBER)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)


def _role_revoke_if_unused(user) -> None:
    if not GroupMember.objects.filter(user=user).exists():
        user.groups.remove(*Group.objects.filter(name=Role.MONITORING_MEMBER))
        user.__dict__.pop("_role_names", None)


# Groups, members, subjects, questions


@transaction.atomic
def group_create(
    *,
    actor,
    name: str,
    resolution_number: str,
    resolution_date: datetime.date,
    period_start: datetime.date,
    period_end: datetime.date,
    mandate: str = "",
    resolution_file=None,
    register_resolution: bool = False,
    **translations,
) -> MonitoringGroup:
    """Record the kenesh resolution that creates a group; seed its default checklist.

    With `register_resolution` the resolution also enters the document registry as a
    RESOLUTION (токтом) whose PDF states the group's mandate and period. `name` and
    `mandate` are the Kyrgyz texts whatever the request's language; `name_ru=`,
    `mandate_ru=` set the Russian ones.
    """
    _require(perms.can_create_group(actor))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    group = MonitoringGroup(
        name_ky=name,
        resolution_number=resolution_number,
        resolution_date=resolution_date,
        period_start=period_start,
        period_end=period_end,
        mandate_ky=mandate,
        created_by=actor,
    )
    for field, value in kyrgyz_fields(MonitoringGroup, translations).items():
        setattr(group, field, value)
    if resolution_file:
        group.resolution_file.save(
            f"resolution.{_extension(resolution_file)}", resolution_file, save=False
        )
    group.save()
    for kind, questions in DEFAULT_QUESTIONS.items():
        for order, (text_ky, text_ru) in enumerate(questions, start=1):
            ChecklistQuestion.objects.create(
                group=group, subject_kind=kind, text_ky=text_ky, text_ru=text_ru, order=order
            )
    if register_resolution:
        with override(KYRGYZ):
            title = _("Resolution on the joint monitoring group: %(name)s") % {"name": group.name}
        group.resolution_document = document_issue(
            kind=OfficialDocument.Kind.RESOLUTION,
            subject=group,
            title=title,
            template_name="monitoring/pdf/resolution.html",
            actor=actor,
            date=resolution_date,
        )
        group.save(update_fields=["resolution_document", "updated_at"])
    audit_record(actor=actor, obj=group, action=AuditEntry.Action.CREATE)
    return group


#: The group's editable fields as the form names them: `name` and `mandate` are Kyrgyz.
GROUP_FIELDS = (
    "name",
    "name_ru",
    "resolution_number",
    "resolution_date",
    "period_start",
    "period_end",
    "mandate",
    "mandate_ru",
)


def group_initial(*, group: MonitoringGroup) -> dict:
    """The edit form's initial values: the Kyrgyz texts in `name` and `mandate`."""
    return {field: getattr(group, kyrgyz_name(MonitoringGroup, field)) for field in GROUP_FIELDS}


@transaction.atomic
def group_update(
    *, actor, group: MonitoringGroup, resolution_file=None, **data
) -> MonitoringGroup:
    """Correct a group's resolution data, period or mandate (audited field by field).

    The period may not shrink so that a filed protocol falls outside it.
    """
    group = MonitoringGroup.objects.select_for_update().get(pk=group.pk)
    _require(perms.can_manage_group(actor, group))
    start = data.get("period_start", group.period_start)
    end = data.get("period_end", group.period_end)
    if end < start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    outside = (
        group.protocols.exclude(visit_date__isnull=True)
        .exclude(visit_date__range=(start, end))
        .exists()
    )
    if outside:
        raise ValidationError(
            _(
                "Some protocols of the group were filed outside this period; keep their dates "
                "inside it."
            )
        )
    changes = {}
    for field in GROUP_FIELDS:
        column = kyrgyz_name(MonitoringGroup, field)
        if field in data and getattr(group, column) != data[field]:
            changes[field] = (getattr(group, column), data[field])
            setattr(group, column, data[field])
    if resolution_file:
        group.resolution_file.save(
            f"resolution.{_extension(resolution_file)}", resolution_file, save=False
        )
        changes["resolution_file"] = ("", group.resolution_file.name)
    group.save()
    if changes:
        audit_record(actor=actor, obj=group, action=AuditEntry.Action.UPDATE, changes=changes)
    return group


@transaction.atomic
def member_add(
    *,
    actor,
    group: MonitoringGroup,
    name: str,
    category: str,
    sex: str,
    user=None,
    village=None,
    is_chair: bool = False,
) -> GroupMember:
    """Seat a member; an account holder gets the monitoring-member role (useful only here)."""
    _require(perms.can_manage_group(actor, group))
    if user is not None and GroupMember.objects.filter(group=group, user=user).exists():
        raise ValidationError({"user": _("This person is already a member of the group.")})
    if is_chair:
        GroupMember.objects.filter(group=group, is_chair=True).update(is_chair=False)
    member = GroupMember.objects.create(
        group=group,
        user=user,
        name=name or (user.full_name if user else ""),
        category=category,
        sex=sex,
        village=village,
        is_chair=is_chair,
    )
    if user is not None:
        _role_grant(user)
    audit_record(actor=actor, obj=member, action=AuditEntry.Action.CREATE, reason=f"{group.pk}")
    return member


@transaction.atomic
def member_remove(*, actor, member: GroupMember) -> None:
    """Remove a member from a monitoring group; the role goes when no longer used."""
    _require(perms.can_manage_group(actor, member.group))
    user = member.user
    audit_record(actor=actor, obj=member, action=AuditEntry.Action.DELETE)
    member.delete()
    if user is not None:
        _role_revoke_if_unused(user)


@transaction.atomic
def subject_create(
    *,
    actor,
    group: MonitoringGroup,
    kind: str,
    title: str,
    target=None,
    planned_visits: list[datetime.date] | tuple = (),
    **translations,
) -> Subject:
    """Add a subject to monitor, optionally linked to an object of another app."""
    _require(perms.can_add_subject(actor, group))
    outside = [day for day in planned_visits if not group.covers(day)]
    if outside:
        raise ValidationError(
            {
                "planned_visits": _(
                    "Planned visits must fall within the group's period (%(start)s – %(end)s)."
                )
                % {
                    "start": f"{group.period_start:%d.%m.%Y}",
                    "end": f"{group.period_end:%d.%m.%Y}",
                }
            }
        )
    subject = Subject(
        group=group,
        kind=kind,
        title_ky=title,
        planned_visits=sorted(day.isoformat() for day in planned_visits),
    )
    for field, value in kyrgyz_fields(Subject, translations).items():
        setattr(subject, field, value)
    if target is not None:
        subject.target_type = ContentType.objects.get_for_model(target)
        subject.target_id = target.pk
    subject.save()
    audit_record(actor=actor, obj=subject, action=AuditEntry.Action.CREATE)
    return subject


@transaction.atomic
def question_save(
    *,
    actor,
    group: MonitoringGroup,
    subject_kind: str,
    text: str,
    question: ChecklistQuestion | None = None,
    order: int | None = None,
    is_active: bool = True,
    **translations,
) -> ChecklistQuestion:
    """Add or edit a checklist question of the group (the chair's job)."""
    _require(perms.can_edit_questions(actor, group))
    if question is None:
        last = group.questions.filter(subject_kind=subject_kind).order_by("-order").first()
        question = ChecklistQuestion(
            group=group, subject_kind=subject_kind, order=(last.order + 1) if last else 1
        )
    elif question.group_id != group.pk:
        raise PermissionDenied
    question.text_ky = text
    question.is_active = is_active
    if order is not None:
        question.order = order
    for field, value in kyrgyz_fields(ChecklistQuestion, translations).items():
        setattr(question, field, value)
    question.save()
    audit_record(actor=actor, obj=question, action=AuditEntry.Action.UPDATE)
    return question


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
    if "visit_date" in data:
        _check_visit_date(protocol, data["visit_date"])
    changes = {}
    for field in PROTOCOL_FIELDS:
        if field in data and getattr(protocol, field) != data[field]:
            changes[field] = (getattr(protocol, field), data[field])
            setattr(protocol, field, data[field])
    if scan:
        protocol.scan.save(f"{uuid.uuid4().hex}.{_extension(scan)}", scan, save=False)
        changes["scan"] = ("", protocol.scan.name)
    if attendance is not None or villages is not None:
        before = protocol.attendance.values() if protocol.attendance else {}
        protocol.attendance = attendance_record(
            attendance=protocol.attendance,
            values=attendance or {},
            villages=villages,
            held_on=protocol.visit_date,
            source="monitoring.protocol",
        )
        after = protocol.attendance.values() if protocol.attendance else {}
        changes.update({k: (before.get(k), v) for k, v in after.items() if before.get(k) != v})
    elif protocol.attendance and protocol.attendance.held_on != protocol.visit_date:
        protocol.attendance.held_on = protocol.visit_date
        protocol.attendance.save(update_fields=["held_on"])
    protocol.save()
    if members_present is not None:
        allowed = set(protocol.group.members.values_list("pk", flat=True))
        protocol.members_present.set([m for m in members_present if m.pk in allowed])
    if answers:
        _answers_save(protocol, answers)
    protocol.created_recommendations = (
        _recommendations_save(protocol, recommendations) if recommendations else {}
    )
    if remove_photos:
        for photo in protocol.photos.filter(pk__in=[p.pk for p in remove_photos]):
            photo.image.delete(save=False)
            photo.delete()
    if changes:
        audit_record(actor=actor, obj=protocol, action=AuditEntry.Action.UPDATE, changes=changes)
    for upload in photos:
        photo_add(actor=actor, protocol=protocol, upload=upload, keep_location=keep_location)
    return protocol


def _extension(upload) -> str:
    mime = getattr(upload, "detected_type", "")
    return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(mime, "bin")


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


@transaction.atomic
def protocol_quorum(group) -> int:
    """How many members must confirm a protocol: more than half of the group."""
    return group.members.count() // 2 + 1


def protocol_sign(*, actor, protocol: Protocol, confirmed_members=()) -> Protocol:
    """The chair signs off: record confirmations, issue the PDF and publish the notice.

    `confirmed_members` are the members present who confirmed the protocol; the chair
    counts as confirming. The PDF and notice are Kyrgyz first with Russian notice text.
    """
    protocol = (
        Protocol.objects.select_for_update().select_related("group", "subject").get(pk=protocol.pk)
    )
    _require(perms.can_sign_protocol(actor, protocol))
    present = {m.pk: m for m in protocol.members_present.all()}
    seat = perms.seat_of(actor, protocol.group)
    confirmed = [m for m in confirmed_members if m.pk in present]
    if seat.pk in present and seat not in confirmed:
        confirmed.append(seat)
    # The group's protocol needs a quorum: more than half of its members confirming.
    quorum = protocol_quorum(protocol.group)
    if len(confirmed) < quorum:
        raise ValidationError(
            _(
                "The protocol needs at least %(quorum)s of the group's members confirming "
                "(now %(count)s). Mark the members present who confirmed it."
            )
            % {"quorum": quorum, "count": len(confirmed)}
        )
    workflow_move(
        obj=protocol, to=Protocol.Status.SIGNED, actor=actor, permission=perms.can_sign_protocol
    )
    protocol.confirmed_by.set(confirmed)
    protocol.members_snapshot = selectors.protocol_members_snapshot(protocol=protocol)
    protocol.signed_by = actor
    protocol.signed_at = timezone.now()
    texts = event_texts(
        event="monitoring.protocol_published",
        context={
            "protocol": protocol,
            # Called while each language renders: the village's name in that language.
            "place": lambda: ", ".join(str(p) for p in (protocol.village, protocol.address) if p),
            "recommendations": list(protocol.recommendations.all()),
        },
    )

    def attach(documents):
        (protocol.document,) = documents
        protocol.save(update_fields=["signed_by", "signed_at", "members_snapshot", "document"])

    issued = document_issue_publish(
        actor=actor,
        documents=[
            {
                "kind": OfficialDocument.Kind.PROTOCOL,
                "subject": protocol,
                "title": texts["title"],
                "template_name": "monitoring/pdf/protocol.html",
                "signer_name": seat.name,
                "signer_position": _protocol_chair_title(),
                "date": protocol.visit_date,
            }
        ],
        attach=attach,
        notice={
            "category": Notice.Category.MONITORING,
            **texts,
            "subject": protocol,
            "place": protocol.address,
        },
        notify=_protocol_hand_over(protocol),
    )
    protocol.notice = issued.notice
    protocol.save(update_fields=["notice"])
    # The chair's right was checked for the whole sign-off; signed protocols publish at once.
    workflow_move(obj=protocol, to=Protocol.Status.PUBLISHED, actor=actor)
    return protocol


def _protocol_hand_over(protocol: Protocol) -> list[dict]:
    """The group hands the signed protocol to the ayil okmotu: every staff member is told."""
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.filter(groups__name=Role.STAFF, is_active=True).distinct()
    context = {"protocol": protocol, "count": protocol.recommendations.count()}
    return [
        {
            "user": user,
            "event": "monitoring.protocol_handed_over",
            "context": context,
            "idempotency_key": f"monitoring.protocol.{protocol.pk}.signed.{user.pk}",
        }
        for user in staff
    ]


def _protocol_chair_title() -> str:
    with override("ky"):
        return _("Chair of the joint monitoring and evaluation group")


# Recommendations


@transaction.atomic
def recommendation_answer(
    *, actor, recommendation: Recommendation, response: str, action_taken: str = ""
) -> Recommendation:
    """The ayil okmotu answers: what it says and what was done."""
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related("protocol__group")
        .get(pk=recommendation.pk)
    )
    _require(perms.can_answer_recommendation(actor, recommendation))
    if not response.strip():
        raise ValidationError({"response": _("Write the answer.")})
    workflow_move(
        obj=recommendation,
        to=Recommendation.Status.ANSWERED,
        actor=actor,
        permission=perms.can_answer_recommendation,
    )
    recommendation.response = response.strip()
    recommendation.action_taken = action_taken.strip()
    recommendation.answered_by = actor
    recommendation.answered_at = timezone.now()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_resolve(
    *, actor, recommendation: Recommendation, note: str = ""
) -> Recommendation:
    """The group accepts the answer: the recommendation is resolved."""
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related("protocol__group")
        .get(pk=recommendation.pk)
    )
    _require(perms.can_review_recommendation(actor, recommendation))
    workflow_move(
        obj=recommendation,
        to=Recommendation.Status.RESOLVED,
        actor=actor,
        reason=note,
        permission=perms.can_review_recommendation,
    )
    recommendation.group_note = note.strip()
    recommendation.closed_at = timezone.now()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_reopen(*, actor, recommendation: Recommendation, note: str) -> Recommendation:
    """The group does not accept the answer; the ayil okmotu must answer again."""
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related("protocol__group")
        .get(pk=recommendation.pk)
    )
    _require(perms.can_review_recommendation(actor, recommendation))
    if not note.strip():
        raise ValidationError({"note": _("Say why the answer is not accepted.")})
    workflow_move(
        obj=recommendation,
        to=Recommendation.Status.REOPENED,
        actor=actor,
        reason=note,
        permission=perms.can_review_recommendation,
    )
    recommendation.group_note = note.strip()
    recommendation.save()
    return recommendation


# Reports


@transaction.atomic
def report_issue(
    *,
    actor,
    group: MonitoringGroup,
    period_start: datetime.date,
    period_end: datetime.date,
    summary: str = "",
) -> GroupReport:
    """The chair issues the group's periodic report (отчет) as a PDF in the registry."""
    _require(perms.can_issue_report(actor, group))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    report = GroupReport.objects.create(
        group=group,
        period_start=period_start,
        period_end=period_end,
        summary=summary.strip(),
        created_by=actor,
    )
    seat = perms.seat_of(actor, group)
    with override("ky"):
        title = _("Report of the joint monitoring and evaluation group: %(group)s") % {
            "group": group.name
        }
    report.document = document_issue(
        kind=OfficialDocument.Kind.REPORT,
        subject=report,
        title=title,
        template_name="monitoring/pdf/report.html",
        actor=actor,
        signer_name=seat.name,
        signer_position=_protocol_chair_title(),
    )
    report.save(update_fields=["document"])
    audit_record(actor=actor, obj=report, action=AuditEntry.Action.CREATE)
    return report
