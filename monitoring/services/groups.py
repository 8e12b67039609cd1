"""Monitoring groups, their members, subjects and checklist questions."""

import datetime

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipality.i18n import KYRGYZ, kyrgyz_fields, kyrgyz_name
from municipality.models import AuditEntry, OfficialDocument, Role
from municipality.services import (
    audit_record,
    document_issue,
)

from .. import permissions as perms
from ..models import (
    ChecklistQuestion,
    GroupMember,
    MonitoringGroup,
    Subject,
)
from .common import _require, _upload_extension

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
            f"resolution.{_upload_extension(resolution_file)}", resolution_file, save=False
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
            f"resolution.{_upload_extension(resolution_file)}", resolution_file, save=False
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
