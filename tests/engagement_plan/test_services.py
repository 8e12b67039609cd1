import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from engagement_plan import services
from engagement_plan.models import Activity, Comment, Plan, WorkingGroup
from municipality.models import AuditEntry, Notice, OfficialDocument
from municipality.services.messages import message_render
from tests.municipality.factories import VillageFactory

from .factories import (
    ActivityFactory,
    GatheringFactory,
    MemberFactory,
    PlanFactory,
    WorkingGroupFactory,
    valid_group,
)

pytestmark = pytest.mark.django_db


def pdf_text(document):
    return subprocess.run(
        ["pdftotext", document.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout


def approved_group(head):
    group = valid_group()
    services.working_group_approve(group=group, actor=head)
    return group


def plan_in_discussion(staff, head, **kwargs):
    plan = PlanFactory(working_group=approved_group(head), **kwargs)
    ActivityFactory(plan=plan)
    services.plan_open_discussion(
        plan=plan,
        actor=staff,
        gathering_at=timezone.now() + datetime.timedelta(days=3),
        place="Маданият үйү",
    )
    # three days later: the announced gathering is today
    Plan.objects.filter(pk=plan.pk).update(gathering_at=timezone.now())
    plan.refresh_from_db()
    return plan


def test_working_group_order_pdf_lists_members_in_kyrgyz(
    municipality, head_user, django_capture_on_commit_callbacks
):
    group = valid_group()
    with django_capture_on_commit_callbacks(execute=True):
        services.working_group_approve(group=group, actor=head_user)
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.APPROVED
    order = group.order
    order.refresh_from_db()
    assert order.kind == OfficialDocument.Kind.ORDER
    assert order.status == OfficialDocument.Status.ISSUED, order.error
    text = " ".join(pdf_text(order).split())
    assert "жумушчу топтун курамын бекитүү жөнүндө" in text
    for member in group.members.all():
        assert member.full_name in text
    assert AuditEntry.objects.filter(object_id=str(group.pk), new_status="approved").exists()


def test_approving_an_invalid_group_lists_failing_rules(municipality, head_user):
    group = WorkingGroupFactory()
    for _ in range(6):
        MemberFactory(group=group, is_youth=True)
    with pytest.raises(ValidationError) as error:
        services.working_group_approve(group=group, actor=head_user)
    text = " ".join(error.value.messages)
    assert "7" in text and "30" in text
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.DRAFT and group.order is None


def test_missed_recommendation_needs_a_justification(municipality, head_user):
    group = WorkingGroupFactory()
    for category, sex in (
        [("lsg", "f")] * 2 + [("lsg", "m")] * 2 + [("kenesh", "m")] * 2 + [("community", "f")] * 2
    ):
        MemberFactory(
            group=group,
            category=category,
            sex=sex,
            is_disabled=True,
            is_ethnic_minority=True,
            is_other_social_group=True,
        )
    with pytest.raises(ValidationError, match="негиздеме"):
        services.working_group_approve(group=group, actor=head_user)
    services.working_group_approve(
        group=group, actor=head_user, justification="Кеңештин депутаттары аз."
    )
    group.refresh_from_db()
    assert group.justification == "Кеңештин депутаттары аз."
    assert AuditEntry.objects.filter(reason="Кеңештин депутаттары аз.").exists()


def test_staff_cannot_approve_a_group(municipality, staff_user):
    with pytest.raises(PermissionDenied):
        services.working_group_approve(group=valid_group(), actor=staff_user)


def test_full_lifecycle(
    municipality, staff_user, head_user, resident, django_capture_on_commit_callbacks
):
    plan = plan_in_discussion(staff_user, head_user)
    notice = Notice.objects.get(category=Notice.Category.PLAN)
    assert "Айылдык жыйын" in notice.title and notice.title_ru.startswith("Сельский сход")
    comment = services.comment_add(plan=plan, actor=resident, text="Суу маселесин кошуңуз.")
    services.comment_add(
        plan=plan,
        actor=staff_user,
        text="Жолду оңдоо",
        source=Comment.Source.PAPER,
        author_name="Осмонова Зуура",
    )
    services.comment_answer(
        comment=comment, actor=staff_user, answer=Comment.Answer.ACCEPTED, answer_text="Кошулду."
    )
    services.gathering_record(
        plan=plan,
        actor=staff_user,
        held_on=timezone.localdate(),
        place="Мектеп",
        minutes="Пландын долбоору окулду.",
        decisions="Колдоо",
        chair_name="Мамытов Бакыт",
        attendance_total=30,
        attendance_women=14,
        attendance_men=16,
    )
    with pytest.raises(ValidationError) as error:  # the paper comment and two directions
        services.plan_approve(plan=plan, actor=head_user)
    assert len(error.value.messages) == 4
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_approve(
            plan=plan, actor=head_user, justification="Калган багыттар кийинки жылы кошулат."
        )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    assert plan.approval_justification == "Калган багыттар кийинки жылы кошулат."
    plan.approval_order.refresh_from_db()
    plan.plan_document.refresh_from_db()
    assert plan.approval_order.status == OfficialDocument.Status.ISSUED, plan.approval_order.error
    assert plan.plan_document.status == OfficialDocument.Status.ISSUED, plan.plan_document.error
    assert "Жергиликтүү жамаатты тартуу планын бекитүү жөнүндө" in " ".join(
        pdf_text(plan.approval_order).split()
    )
    table = " ".join(pdf_text(plan.plan_document).split())
    assert plan.activities.get().title in table
    assert Notice.objects.filter(category=Notice.Category.PLAN).count() == 2
    services.plan_put_in_force(plan=plan, actor=head_user)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.IN_FORCE


def test_approval_needs_gathering_and_approved_group(municipality, staff_user, head_user):
    plan = PlanFactory(working_group=WorkingGroupFactory())
    for direction in Activity.Direction.values:
        ActivityFactory(plan=plan, direction=direction)
    services.plan_open_discussion(
        plan=plan,
        actor=staff_user,
        gathering_at=timezone.now() + datetime.timedelta(days=1),
        place="Мектеп",
    )
    with pytest.raises(ValidationError) as error:
        services.plan_approve(plan=plan, actor=head_user)
    assert len(error.value.messages) == 2


def test_revision_at_most_once_a_year(municipality, head_user):
    plan = PlanFactory(status=Plan.Status.IN_FORCE, approved_at=timezone.now())
    ActivityFactory(plan=plan)
    ActivityFactory(plan=plan, status=Activity.Status.DONE)
    new = services.plan_revise(plan=plan, actor=head_user, reason="Артыкчылыктар өзгөрдү")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.REVISED
    assert new.version == 2 and new.previous == plan and new.status == Plan.Status.DRAFT
    assert new.activities.count() == 1
    # the new version, once in force, cannot be revised again within twelve months
    new.status = Plan.Status.IN_FORCE
    new.save()
    with pytest.raises(ValidationError) as error:
        services.plan_revise(plan=new, actor=head_user, reason="Дагы")
    allowed = services.add_years(day=timezone.localtime(plan.revised_at), years=1).strftime(
        "%d.%m.%Y"
    )
    assert allowed in error.value.messages[0]
    # thirteen months later it may
    Plan.objects.filter(pk=plan.pk).update(
        revised_at=timezone.now() - datetime.timedelta(days=370)
    )
    assert services.plan_revise(plan=new, actor=head_user, reason="Дагы").version == 3


def test_new_version_in_force_archives_the_old(municipality, head_user):
    old = PlanFactory(status=Plan.Status.REVISED)
    new = PlanFactory(status=Plan.Status.APPROVED, previous=old, version=2)
    services.plan_put_in_force(plan=new, actor=head_user)
    old.refresh_from_db()
    assert old.status == Plan.Status.ARCHIVED


def test_bad_period_is_refused(municipality, staff_user):
    with pytest.raises(ValidationError) as error:
        services.plan_create(actor=staff_user, title="X", period_start=2026, period_end=2025)
    assert "period_end" in error.value.message_dict


def test_activity_needs_responsible_and_deadline_in_period(municipality, staff_user):
    plan = PlanFactory()
    with pytest.raises(ValidationError) as error:
        services.activity_add(
            plan=plan,
            actor=staff_user,
            title="Жыйын",
            direction="engaging",
            form="gathering",
            responsible=" ",
            deadline=datetime.date(2030, 1, 1),
        )
    assert set(error.value.message_dict) == {"responsible", "deadline"}


def test_evidence_breakdown_over_total_is_refused(municipality, staff_user):
    village = VillageFactory()
    activity = ActivityFactory(plan=PlanFactory(status=Plan.Status.IN_FORCE))
    with pytest.raises(ValidationError) as error:
        services.activity_record_evidence(
            activity=activity,
            actor=staff_user,
            held_on=timezone.localdate(),
            place="Мектеп",
            result="Өттү",
            attendance_total=10,
            attendance_women=6,
            attendance_men=5,
            attendance_18_29=11,
            by_village={village.pk: 12},
        )
    assert set(error.value.message_dict) == {
        "attendance_men",
        "attendance_18_29",
        "attendance_total",
    }
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED
    services.activity_record_evidence(
        activity=activity,
        actor=staff_user,
        held_on=timezone.localdate(),
        place="Мектеп",
        result="Өттү",
        attendance_total=10,
        attendance_women=6,
        attendance_men=4,
        by_village={village.pk: 7},
    )
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
    assert activity.attendance.by_village == {str(village.pk): 7}


def test_cancel_needs_reason(municipality, staff_user):
    activity = ActivityFactory(plan=PlanFactory(status=Plan.Status.IN_FORCE))
    with pytest.raises(ValidationError):
        services.activity_cancel(activity=activity, actor=staff_user, reason="")
    services.activity_cancel(activity=activity, actor=staff_user, reason="Каражат жок")
    assert activity.status == Activity.Status.CANCELLED


def test_rejected_comment_needs_reason(municipality, staff_user):
    from .factories import CommentFactory

    comment = CommentFactory(plan=PlanFactory(status=Plan.Status.DISCUSSION))
    with pytest.raises(ValidationError):
        services.comment_answer(
            comment=comment, actor=staff_user, answer=Comment.Answer.REJECTED, answer_text=""
        )


def test_gathering_cannot_be_in_the_future(municipality, staff_user):
    plan = PlanFactory(status=Plan.Status.DISCUSSION)
    with pytest.raises(ValidationError):
        services.gathering_record(
            plan=plan,
            actor=staff_user,
            held_on=timezone.localdate() + datetime.timedelta(days=2),
            place="Мектеп",
            minutes="-",
            decisions="-",
            chair_name="-",
            attendance_total=10,
        )
    GatheringFactory(plan=plan)


def test_reminders(municipality, staff_user):
    from engagement_plan.tasks import (
        office_attention,
        overdue_activities_check,
        plans_due_for_review_check,
    )
    from municipality.services.reminders import REMINDERS, reminders_send

    assert "engagement_plan.activities_overdue" in REMINDERS
    plan = PlanFactory(
        status=Plan.Status.IN_FORCE, approved_at=timezone.now() - datetime.timedelta(days=400)
    )
    ActivityFactory(plan=plan, deadline=datetime.date(2025, 1, 10), title="Жыйын өткөрүү")
    ActivityFactory(plan=plan, deadline=timezone.localdate() + datetime.timedelta(days=5))
    today = timezone.localdate()
    overdue = overdue_activities_check(today)
    assert len(overdue) == 1 and overdue[0]["users"] == [staff_user]
    assert "Жыйын өткөрүү" in (
        message_render(event=overdue[0]["event"], context=overdue[0]["context"]).body
    )
    assert len(plans_due_for_review_check(today)) == 1
    assert len(office_attention(staff_user)) == 2
    reminders_send(today=today)
    reminders_send(today=today)
    from municipality.models import OutboxMessage

    assert OutboxMessage.objects.filter(body__contains="Жыйын өткөрүү").count() == 1
