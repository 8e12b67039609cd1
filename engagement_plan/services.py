"""Every write of the engagement plan: keyword-only, atomic, audited, permission re-checked."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.i18n import in_kyrgyz, kyrgyz_fields
from municipality.models import AuditEntry, Notice, OfficialDocument
from municipality.services import (
    audit_record,
    document_issue,
    document_issue_publish,
    event_texts,
    head_signer,
    notice_publish,
    workflow_move,
)
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

#: Document titles (msgids); the documents print them in Kyrgyz (`in_kyrgyz`).
WORKING_GROUP_ORDER_TITLE = gettext_lazy(
    "On approving the composition of the working group for drafting the plan for engaging the "
    "local community"
)
PLAN_ORDER_TITLE = gettext_lazy("On approving the plan for engaging the local community")
PLAN_DOCUMENT_TITLE = gettext_lazy(
    "Plan for engaging the local community in solving issues of local importance"
)

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


def add_years(*, day: datetime.date | datetime.datetime, years: int):
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


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
    """Rename the working group or change its head, audited field by field."""
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
    """Remove a member from the working group while it can be edited."""
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
        title=in_kyrgyz(WORKING_GROUP_ORDER_TITLE),
        template_name="engagement_plan/pdf/working_group_order.html",
        actor=actor,
        **head_signer(),
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
    """Change a draft plan's fields and local issues, audited field by field."""
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
    *,
    plan: Plan,
    actor,
    gathering_at: datetime.datetime,
    place: str,
    comments_until: datetime.date | None = None,
) -> Plan:
    """Open public discussion (4.9) and announce the village gathering in Kyrgyz and Russian.

    Comments are accepted until `comments_until` (by default the day of the gathering)."""
    plan = _lock(plan)
    if not perms.can_open_discussion(actor, plan):
        raise PermissionDenied
    if not plan.activities.exists():
        raise ValidationError(_("Add at least one activity before opening the discussion."))
    if gathering_at < timezone.now():
        raise ValidationError({"gathering_at": _("The gathering cannot be in the past.")})
    comments_until = comments_until or timezone.localdate(gathering_at)
    if comments_until < timezone.localdate():
        raise ValidationError({"comments_until": _("The comment deadline cannot be in the past.")})
    notice_publish(
        actor=actor,
        category=Notice.Category.PLAN,
        subject=plan,
        event_at=gathering_at,
        place=place,
        place_ru=place,
        **event_texts(
            event="engagement_plan.discussion_opened",
            context={
                "plan": plan,
                "place": place,
                "when": timezone.localtime(gathering_at).strftime("%d.%m.%Y %H:%M"),
            },
        ),
    )
    plan.discussion_opened_at = timezone.now()
    plan.gathering_at = gathering_at
    plan.gathering_place = place
    plan.comments_until = comments_until
    return workflow_move(
        obj=plan,
        to=Plan.Status.DISCUSSION,
        actor=actor,
        permission=perms.can_open_discussion,
        extra_fields=["discussion_opened_at", "gathering_at", "gathering_place", "comments_until"],
    )


@transaction.atomic
def plan_return_to_draft(*, plan: Plan, actor, reason: str) -> Plan:
    """Take a plan under discussion back to a draft, with the reason."""
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
        if plan.comments_until and timezone.localdate() > plan.comments_until:
            raise ValidationError(
                {
                    "text": _("Comments were accepted until %(date)s.")
                    % {"date": f"{plan.comments_until:%d.%m.%Y}"}
                }
            )
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


def plan_open_points(plan: Plan) -> list[str]:
    """What the discussion left open: unanswered comments and directions without an activity.

    The head may approve anyway only with a recorded justification (printed in the order)."""
    points = []
    pending = plan.comments.filter(answer=Comment.Answer.PENDING).count()
    if pending:
        points.append(_("%(n)s comment(s) of residents are not answered yet.") % {"n": pending})
    present = set(plan.activities.values_list("direction", flat=True))
    for value, label in Activity.Direction.choices:
        if value not in present:
            points.append(
                _("The direction «%(direction)s» has no activity.") % {"direction": label}
            )
    return points


@transaction.atomic
def plan_approve(*, plan: Plan, actor, justification: str = "") -> Plan:
    """The head approves the discussed plan by order (4.10): order and plan PDFs, on the board.

    Open points (`plan_open_points`) block the approval unless the head records a
    justification; it is kept on the plan and printed in the order."""
    plan = _lock(plan)
    if not perms.can_approve_plan(actor, plan):
        raise PermissionDenied
    justification = (justification or "").strip()
    open_points = plan_open_points(plan)
    if open_points and not justification:
        raise ValidationError(
            open_points
            + [_("Answer them first, or write a justification for approving the plan as it is.")]
        )
    problems = []
    if not plan.working_group or plan.working_group.status != WorkingGroup.Status.APPROVED:
        problems.append(_("The working group's composition has not been approved by order."))
    if not plan.activities.exists():
        problems.append(_("The plan has no activities."))
    if not plan.gatherings.exists():
        problems.append(_("Record the village gathering that discussed the plan (4.9)."))
    if problems:
        raise ValidationError(problems)
    # printed by the order (`approval_justification` in the PDF context)
    plan.approval_justification = justification if open_points else ""
    plan.save(update_fields=["approval_justification", "updated_at"])
    signer = head_signer()

    def attach(documents):
        plan.approval_order, plan.plan_document = documents
        plan.approved_at = timezone.now()
        workflow_move(
            obj=plan,
            to=Plan.Status.APPROVED,
            actor=actor,
            reason=plan.approval_justification,
            permission=perms.can_approve_plan,
            extra_fields=["approval_order", "plan_document", "approved_at"],
        )

    document_issue_publish(
        actor=actor,
        documents=[
            {
                "kind": OfficialDocument.Kind.ORDER,
                "subject": plan,
                "title": in_kyrgyz(PLAN_ORDER_TITLE),
                "template_name": "engagement_plan/pdf/plan_order.html",
                **signer,
            },
            lambda issued: {
                "kind": OfficialDocument.Kind.PLAN,
                "subject": plan,
                "title": in_kyrgyz(
                    gettext_lazy(
                        "%(title)s (%(period)s): annex to the order of %(date)s No. %(number)s"
                    ),
                    title=in_kyrgyz(PLAN_DOCUMENT_TITLE),
                    period=plan.period,
                    date=f"{issued[0].date:%d.%m.%Y}",
                    number=issued[0].number,
                ),
                "template_name": "engagement_plan/pdf/plan.html",
                **signer,
            },
        ],
        attach=attach,
        notice=lambda documents: {
            "category": Notice.Category.PLAN,
            "subject": plan,
            **event_texts(
                event="engagement_plan.plan_approved",
                context={"plan": plan, "order": documents[0], "document": documents[1]},
            ),
        },
    )
    return plan


@transaction.atomic
def plan_put_in_force(*, plan: Plan, actor) -> Plan:
    """Put an approved plan in force; the version it replaces goes to the archive.

    At most one plan is in force. A plan that is not a revision of the one in force
    replaces it, and the replacement counts as the once-a-year revision (4.11): refused
    while that revision is not yet allowed."""
    plan = _lock(plan)
    if not perms.can_put_in_force_plan(actor, plan):
        raise PermissionDenied
    others = list(
        Plan.objects.select_for_update()
        .filter(status__in=(Plan.Status.IN_FORCE, Plan.Status.REVISED))
        .exclude(pk=plan.pk)
        .exclude(pk=plan.previous_id or 0)
    )
    for other in others:
        allowed = next_revision_allowed(plan=other)
        if allowed is not None:
            raise ValidationError(
                _(
                    "«%(plan)s» is in force. Replacing it counts as the once-a-year revision "
                    "(4.11), which is allowed from %(date)s."
                )
                % {"plan": other, "date": timezone.localtime(allowed).strftime("%d.%m.%Y")}
            )
    for other in others:
        # the replacement is this year's revision of the plan it replaces
        other.revised_at = other.archived_at = timezone.now()
        workflow_move(
            obj=other,
            to=Plan.Status.ARCHIVED,
            actor=actor,
            reason=str(plan),
            extra_fields=["revised_at", "archived_at"],
        )
    if (
        others
        and plan.previous_id is None
        and not Plan.objects.filter(previous=others[0]).exists()
    ):
        plan.previous = others[0]  # the revision chain carries the date of this revision
    plan.in_force_at = timezone.now()
    workflow_move(
        obj=plan,
        to=Plan.Status.IN_FORCE,
        actor=actor,
        permission=perms.can_put_in_force_plan,
        extra_fields=["in_force_at", "previous"],
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


def next_revision_allowed(*, plan: Plan) -> datetime.datetime | None:
    """When the plan may next be revised (4.11), or None if it may be now."""
    last = None
    node = plan
    while node is not None:
        if node.revised_at and (last is None or node.revised_at > last):
            last = node.revised_at
        node = node.previous
    if last is None:
        return None
    allowed = add_years(day=last, years=1)
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
    allowed = next_revision_allowed(plan=plan)
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
    """Archive a plan that is no longer in force."""
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
