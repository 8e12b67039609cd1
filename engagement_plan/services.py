"""Every write of the engagement plan: keyword-only, atomic, audited, permission re-checked."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from municipality.i18n import kyrgyz_fields, text_in
from municipality.models import AuditEntry, Municipality, Notice, OfficialDocument
from municipality.services import audit_record, document_issue, notice_publish, workflow_move
from municipality.services.attendance import attendance_check, attendance_record
from municipality.services.audit import model_changes
from municipality.uploads import IMAGE_TYPES, validate_upload

from . import permissions as perms
from .models import (
    Activity,
    ActivityPhoto,
    Comment,
    Gathering,
    Plan,
    WorkingGroup,
    WorkingGroupMember,
)
from .rules import composition_failures

WORKING_GROUP_ORDER_TITLE = (
    "Жергиликтүү жамаатты тартуу планын иштеп чыгуу боюнча жумушчу топтун курамын бекитүү жөнүндө"
)
PLAN_ORDER_TITLE = "Жергиликтүү жамаатты тартуу планын бекитүү жөнүндө"
PLAN_DOCUMENT_TITLE = "Жергиликтүү жамаатты жергиликтүү маанидеги маселелерди чечүүгө тартуу планы"

#: Fields staff edit; services take the plain translated names (`title`) as Kyrgyz too.
PLAN_FIELDS = (
    "title_ky",
    "title_ru",
    "summary_ky",
    "summary_ru",
    "period_start",
    "period_end",
    "working_group",
    "sedp_reference",
    "sectoral_programmes",
    "needs_priorities",
    "monitoring_results",
)
ACTIVITY_FIELDS = (
    "title_ky",
    "title_ru",
    "description_ky",
    "description_ru",
    "direction",
    "form",
    "channel",
    "periodicity",
    "responsible",
    "resources",
    "deadline",
)
#: Copied to a revised plan's new version: every language, English too.
PLAN_COPY_FIELDS = (*PLAN_FIELDS, "title_en", "summary_en")
ACTIVITY_COPY_FIELDS = (*ACTIVITY_FIELDS, "title_en", "description_en")


def add_years(day: datetime.date | datetime.datetime, years: int):
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _signer() -> dict:
    municipality = Municipality.current()
    if not municipality:
        return {}
    return {"signer_name": municipality.head_name, "signer_position": municipality.head_title}


def _document_path(document: OfficialDocument, language: str) -> str:
    with translation.override(language):
        return reverse("municipality:document-detail", args=[document.pk])


# Working group -----------------------------------------------------------------------------


@transaction.atomic
def working_group_create(*, actor, title: str, head_name: str) -> WorkingGroup:
    """Start forming a working group (4.1); the head of the LSG body heads it."""
    if not perms.is_office(actor):
        raise PermissionDenied
    group = WorkingGroup.objects.create(title=title, head_name=head_name, created_by=actor)
    audit_record(actor=actor, obj=group, action=AuditEntry.Action.CREATE, new=group.status)
    return group


@transaction.atomic
def working_group_update(
    *, group: WorkingGroup, actor, title: str, head_name: str
) -> WorkingGroup:
    if not perms.can_edit_working_group(actor, group):
        raise PermissionDenied
    changes = {}
    for field, value in (("title", title), ("head_name", head_name)):
        if getattr(group, field) != value:
            changes[field] = (getattr(group, field), value)
            setattr(group, field, value)
    group.save()
    audit_record(actor=actor, obj=group, action=AuditEntry.Action.UPDATE, changes=changes)
    return group


@transaction.atomic
def working_group_member_add(*, group: WorkingGroup, actor, **fields) -> WorkingGroupMember:
    """Add one member (name, category, sex and social-group flags) to a group being formed."""
    if not perms.can_edit_working_group(actor, group):
        raise PermissionDenied
    member = WorkingGroupMember(group=group, **fields)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        obj=group,
        action=AuditEntry.Action.UPDATE,
        changes={"member_added": ("", member.full_name)},
    )
    return member


@transaction.atomic
def working_group_member_remove(*, member: WorkingGroupMember, actor) -> None:
    group = member.group
    if not perms.can_edit_working_group(actor, group):
        raise PermissionDenied
    name = member.full_name
    member.delete()
    audit_record(
        actor=actor,
        obj=group,
        action=AuditEntry.Action.UPDATE,
        changes={"member_removed": (name, "")},
    )


@transaction.atomic
def working_group_approve(*, group: WorkingGroup, actor, justification: str = "") -> WorkingGroup:
    """The head approves the composition by order (4.2), issuing the order PDF.

    Binding rules must hold; a missed recommendation (the one-third balance) needs
    a written justification, which is kept on the group and in the audit row.
    """
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if not perms.can_approve_working_group(actor, group):
        raise PermissionDenied
    failures = composition_failures(group.members.all())
    binding = [f.message for f in failures if not f.recommendation]
    if binding:
        raise ValidationError(
            [_("The composition breaks the rules of the Typical Plan (4.3–4.4):")] + binding
        )
    justification = justification.strip()
    if any(f.recommendation for f in failures) and not justification:
        raise ValidationError(
            [
                _(
                    "The composition departs from a recommendation. Write a justification "
                    "to approve it anyway:"
                )
            ]
            + [f.message for f in failures]
        )
    order = document_issue(
        kind=OfficialDocument.Kind.ORDER,
        subject=group,
        title=WORKING_GROUP_ORDER_TITLE,
        template_name="engagement_plan/pdf/working_group_order.html",
        actor=actor,
        **_signer(),
    )
    group.order = order
    group.justification = justification
    group.approved_at = timezone.now()
    return workflow_move(
        obj=group,
        to=WorkingGroup.Status.APPROVED,
        actor=actor,
        reason=justification,
        permission=perms.can_approve_working_group,
        extra_fields=["order", "justification", "approved_at"],
    )


# Plan --------------------------------------------------------------------------------------


def _check_period(period_start: int, period_end: int) -> None:
    if period_end < period_start:
        raise ValidationError(
            {"period_end": _("The last year cannot come before the first year.")}
        )


@transaction.atomic
def plan_create(*, actor, local_issues=(), **fields) -> Plan:
    """Create a draft plan with its inputs (4.6)."""
    if not perms.can_create_plan(actor):
        raise PermissionDenied
    fields = kyrgyz_fields(Plan, fields)
    _check_period(fields["period_start"], fields["period_end"])
    plan = Plan(created_by=actor, **{k: v for k, v in fields.items() if k in PLAN_FIELDS})
    plan.full_clean()
    plan.save()
    plan.local_issues.set(local_issues)
    audit_record(actor=actor, obj=plan, action=AuditEntry.Action.CREATE, new=plan.status)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, actor, local_issues=None, **fields) -> Plan:
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
    audit_record(actor=actor, obj=plan, action=AuditEntry.Action.UPDATE, changes=changes)
    return plan


def _lock(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_open_discussion(
    *, plan: Plan, actor, gathering_at: datetime.datetime, place: str
) -> Plan:
    """Open public discussion (4.9) and announce the village gathering in Kyrgyz and Russian."""
    plan = _lock(plan)
    if not perms.can_open_discussion(actor, plan):
        raise PermissionDenied
    if not plan.activities.exists():
        raise ValidationError(_("Add at least one activity before opening the discussion."))
    if gathering_at < timezone.now():
        raise ValidationError({"gathering_at": _("The gathering cannot be in the past.")})
    when = timezone.localtime(gathering_at).strftime("%d.%m.%Y %H:%M")
    title_ky, title_ru = text_in(plan, "title"), text_in(plan, "title", "ru")
    notice_publish(
        actor=actor,
        category=Notice.Category.PLAN,
        subject=plan,
        event_at=gathering_at,
        place=place,
        title=f"Айылдык жыйын: «{title_ky}» планын коомдук талкуулоо",
        body=(
            f"Урматтуу тургундар! Жергиликтүү жамаатты тартуу планынын долбоору "
            f"({plan.period}) коомдук талкууга коюлду. Айылдык жыйын {when} болот, "
            f"жери: {place}. Пландын долбоору менен порталда таанышып, пикириңизди "
            f"калтырсаңыз болот."
        ),
        title_ru=f"Сельский сход: общественное обсуждение плана «{title_ru}»",
        body_ru=(
            f"Уважаемые жители! Проект плана вовлечения местного сообщества "
            f"({plan.period}) вынесен на общественное обсуждение. Сельский сход состоится "
            f"{when}, место: {place}. С проектом плана можно ознакомиться на портале и "
            f"оставить свой комментарий."
        ),
        place_ru=place,
    )
    plan.discussion_opened_at = timezone.now()
    return workflow_move(
        obj=plan,
        to=Plan.Status.DISCUSSION,
        actor=actor,
        permission=perms.can_open_discussion,
        extra_fields=["discussion_opened_at"],
    )


@transaction.atomic
def plan_return_to_draft(*, plan: Plan, actor, reason: str) -> Plan:
    plan = _lock(plan)
    if not (perms.is_office(actor) and plan.status == Plan.Status.DISCUSSION):
        raise PermissionDenied
    return workflow_move(
        obj=plan,
        to=Plan.Status.DRAFT,
        actor=actor,
        reason=reason,
        permission=lambda user, obj: perms.is_office(user),
    )


@transaction.atomic
def comment_add(
    *,
    plan: Plan,
    actor,
    text: str,
    source: str = Comment.Source.ONLINE,
    author_name: str = "",
    person=None,
) -> Comment:
    """A resident's comment online, or one staff copy from paper collected at the gathering.

    A paper comment may name a `person` from the register of people (their name is kept)."""
    if person is not None:
        author_name = (author_name or "").strip() or person.full_name
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if source == Comment.Source.PAPER:
        if not perms.can_manage_discussion(actor, plan):
            raise PermissionDenied
        if not author_name.strip():
            raise ValidationError({"author_name": _("Write whose comment it is.")})
        comment = Comment.objects.create(
            plan=plan,
            source=source,
            text=text,
            author_name=author_name.strip(),
            person=person,
            entered_by=actor,
        )
    else:
        if not perms.can_comment_plan(actor, plan):
            raise PermissionDenied
        comment = Comment.objects.create(
            plan=plan, source=Comment.Source.ONLINE, text=text, author=actor
        )
    audit_record(actor=actor, obj=comment, action=AuditEntry.Action.CREATE)
    return comment


@transaction.atomic
def comment_answer(*, comment: Comment, actor, answer: str, answer_text: str) -> Comment:
    """Answer a comment: taken into account, or not with a reason; residents see it."""
    if not perms.can_answer_comment(actor, comment.plan):
        raise PermissionDenied
    answer_text = (answer_text or "").strip()
    if answer not in (Comment.Answer.ACCEPTED, Comment.Answer.REJECTED):
        raise ValidationError({"answer": _("Choose whether the comment was taken into account.")})
    if answer == Comment.Answer.REJECTED and not answer_text:
        raise ValidationError(
            {"answer_text": _("Give the reason why the comment was not taken into account.")}
        )
    old = comment.answer
    comment.answer = answer
    comment.answer_text = answer_text
    comment.answered_by = actor
    comment.answered_at = timezone.now()
    comment.save()
    audit_record(actor=actor, obj=comment, old=old, new=answer, reason=answer_text)
    return comment


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
    gathering = Gathering(
        plan=plan,
        held_on=held_on,
        place=place,
        decisions=decisions,
        recorded_by=actor,
        attendance=attendance_record(
            attendance=None,
            values=attendance,
            villages=by_village,
            held_on=held_on,
            source="engagement_plan.gathering",
        ),
    )
    gathering.full_clean()
    gathering.save()
    audit_record(actor=actor, obj=gathering, action=AuditEntry.Action.CREATE)
    return gathering


@transaction.atomic
def plan_approve(*, plan: Plan, actor) -> Plan:
    """The head approves the discussed plan by order (4.10): order and plan PDFs, on the board."""
    plan = _lock(plan)
    if not perms.can_approve_plan(actor, plan):
        raise PermissionDenied
    problems = []
    if not plan.working_group or plan.working_group.status != WorkingGroup.Status.APPROVED:
        problems.append(_("The working group's composition has not been approved by order."))
    if not plan.activities.exists():
        problems.append(_("The plan has no activities."))
    if not plan.gatherings.exists():
        problems.append(_("Record the village gathering that discussed the plan (4.9)."))
    if problems:
        raise ValidationError(problems)
    signer = _signer()
    order = document_issue(
        kind=OfficialDocument.Kind.ORDER,
        subject=plan,
        title=PLAN_ORDER_TITLE,
        template_name="engagement_plan/pdf/plan_order.html",
        actor=actor,
        **signer,
    )
    document = document_issue(
        kind=OfficialDocument.Kind.PLAN,
        subject=plan,
        title=(
            f"{PLAN_DOCUMENT_TITLE} ({plan.period}): "
            f"{order.date:%d.%m.%Y} № {order.number} буйрукка тиркеме"
        ),
        template_name="engagement_plan/pdf/plan.html",
        actor=actor,
        **signer,
    )
    plan.approval_order = order
    plan.plan_document = document
    plan.approved_at = timezone.now()
    workflow_move(
        obj=plan,
        to=Plan.Status.APPROVED,
        actor=actor,
        permission=perms.can_approve_plan,
        extra_fields=["approval_order", "plan_document", "approved_at"],
    )
    title_ky, title_ru = text_in(plan, "title"), text_in(plan, "title", "ru")
    notice_publish(
        actor=actor,
        category=Notice.Category.PLAN,
        subject=plan,
        title=f"Жергиликтүү жамаатты тартуу планы бекитилди ({plan.period})",
        body=(
            f"Айыл өкмөт башчысынын {order.date:%d.%m.%Y} № {order.number} буйругу менен "
            f"«{title_ky}» планы бекитилди.\n"
            f"Буйрук: {_document_path(order, 'ky')}\n"
            f"План: {_document_path(document, 'ky')}"
        ),
        title_ru=f"Утверждён план вовлечения местного сообщества ({plan.period})",
        body_ru=(
            f"Распоряжением главы айыл окмоту от {order.date:%d.%m.%Y} № {order.number} "
            f"утверждён план «{title_ru}».\n"
            f"Распоряжение: {_document_path(order, 'ru')}\n"
            f"План: {_document_path(document, 'ru')}"
        ),
    )
    return plan


@transaction.atomic
def plan_put_in_force(*, plan: Plan, actor) -> Plan:
    """Put an approved plan in force; the version it replaces goes to the archive."""
    plan = _lock(plan)
    if not perms.can_put_in_force_plan(actor, plan):
        raise PermissionDenied
    plan.in_force_at = timezone.now()
    workflow_move(
        obj=plan,
        to=Plan.Status.IN_FORCE,
        actor=actor,
        permission=perms.can_put_in_force_plan,
        extra_fields=["in_force_at"],
    )
    previous = plan.previous
    if previous is not None and previous.can_become(Plan.Status.ARCHIVED):
        # The replaced version is archived as part of putting this one in force.
        previous.archived_at = timezone.now()
        workflow_move(
            obj=previous,
            to=Plan.Status.ARCHIVED,
            actor=actor,
            reason=str(plan),
            extra_fields=["archived_at"],
        )
    return plan


def next_revision_allowed(plan: Plan) -> datetime.datetime | None:
    """When the plan may next be revised (4.11), or None if it may be now."""
    last = None
    node = plan
    while node is not None:
        if node.revised_at and (last is None or node.revised_at > last):
            last = node.revised_at
        node = node.previous
    if last is None:
        return None
    allowed = add_years(last, 1)
    return allowed if allowed > timezone.now() else None


@transaction.atomic
def plan_revise(*, plan: Plan, actor, reason: str) -> Plan:
    """Revise the plan in force when priorities change (4.11): at most once in twelve months.

    The plan in force is marked as under revision and stays readable; a new draft
    version with a copy of its open activities is returned.
    """
    plan = _lock(plan)
    if not perms.can_revise_plan(actor, plan):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say which priorities changed.")})
    allowed = next_revision_allowed(plan)
    if allowed is not None:
        raise ValidationError(
            _(
                "The plan may be revised at most once a year (4.11). The next revision is "
                "allowed from %(date)s."
            )
            % {"date": timezone.localtime(allowed).strftime("%d.%m.%Y")}
        )
    plan.revised_at = timezone.now()
    workflow_move(
        obj=plan,
        to=Plan.Status.REVISED,
        actor=actor,
        reason=reason,
        permission=perms.can_revise_plan,
        extra_fields=["revised_at"],
    )
    new = Plan.objects.create(
        **{f: getattr(plan, f) for f in PLAN_COPY_FIELDS},
        status=Plan.Status.DRAFT,
        version=plan.version + 1,
        previous=plan,
        revision_reason=reason,
        created_by=actor,
    )
    new.local_issues.set(plan.local_issues.all())
    open_statuses = (Activity.Status.PLANNED, Activity.Status.IN_PROGRESS)
    for activity in plan.activities.filter(status__in=open_statuses).prefetch_related(
        "local_issues"
    ):
        copy = Activity.objects.create(
            plan=new,
            status=Activity.Status.PLANNED,
            **{f: getattr(activity, f) for f in ACTIVITY_COPY_FIELDS},
        )
        copy.local_issues.set(activity.local_issues.all())
    audit_record(
        actor=actor, obj=new, action=AuditEntry.Action.CREATE, new=new.status, reason=reason
    )
    return new


@transaction.atomic
def plan_archive(*, plan: Plan, actor, reason: str = "") -> Plan:
    plan = _lock(plan)
    if not perms.can_archive_plan(actor, plan):
        raise PermissionDenied
    plan.archived_at = timezone.now()
    return workflow_move(
        obj=plan,
        to=Plan.Status.ARCHIVED,
        actor=actor,
        reason=reason,
        permission=perms.can_archive_plan,
        extra_fields=["archived_at"],
    )


# Activities --------------------------------------------------------------------------------


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
    attendance_check(attendance, by_village or {})
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
            changes=model_changes(before, activity, before.keys()),
        )
        return activity
    return workflow_move(
        obj=activity, to=Activity.Status.DONE, actor=actor, permission=_can_record_activity
    )


@transaction.atomic
def activity_cancel(*, activity: Activity, actor, reason: str) -> Activity:
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
