import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community import selectors, services
from community.models import Assessment, Gathering, InitiativeGroupMember, Priority
from municipality.models import AuditEntry, Notice, OfficialDocument
from tests.budget.factories import BudgetLineFactory
from tests.community.factories import person, priority
from tests.engagement_plan.factories import ActivityFactory
from tests.municipality.factories import LocalIssueFactory, VillageFactory

pytestmark = pytest.mark.django_db


def _pdftotext(path):
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_gathering_announced_then_held_with_minutes_pdf_in_kyrgyz(
    municipality, staff_user, django_capture_on_commit_callbacks
):
    village = VillageFactory(name="Ак-Суу")
    with django_capture_on_commit_callbacks(execute=True):
        gathering = services.gathering_announce(
            actor=staff_user,
            kind=Gathering.Kind.KURULTAI,
            title="Айылдык курултай",
            agenda="1. Артыкчылыктуу маселелер",
            starts_at=timezone.now() + datetime.timedelta(days=7),
            place="Маданият үйү",
            village=village,
        )
    assert Notice.objects.get(pk=gathering.notice_id).subject == gathering
    with pytest.raises(ValidationError):
        services.gathering_hold(
            gathering=gathering,
            actor=staff_user,
            held_on=timezone.localdate(),
            minutes="Талкууланды",
            decisions="Чечилди",
            chair_name="Мамытов Бакыт",
            attendance={"attendance_total": 10, "attendance_women": 11},
        )
    with django_capture_on_commit_callbacks(execute=True):
        gathering = services.gathering_hold(
            gathering=gathering,
            actor=staff_user,
            held_on=timezone.localdate(),
            minutes="Суу маселеси талкууланды.",
            decisions="Демилгелүү топ түзүлсүн.",
            chair_name="Мамытов Бакыт",
            attendance={"attendance_total": 40, "attendance_women": 22, "attendance_men": 18},
            villages={village: 30},
        )
    gathering.refresh_from_db()
    assert gathering.status == Gathering.Status.HELD
    assert gathering.attendance.total == 40 and gathering.attendance.by_village == {
        str(village.pk): 30
    }
    assert AuditEntry.objects.filter(object_id=str(gathering.pk), new_status="held").exists()
    document = gathering.document
    document.refresh_from_db()
    assert document.kind == OfficialDocument.Kind.PROTOCOL
    assert document.status == OfficialDocument.Status.ISSUED, document.error
    text = _pdftotext(document.file.path)
    assert "Суу маселеси талкууланды." in text and "Мамытов Бакыт" in text
    assert "Демилгелүү топ түзүлсүн." in text
    assert "Decisions" not in text and "Participants" not in text


def test_assessment_by_vote_records_ties_as_ties(staff_user):
    village = VillageFactory()
    assessment = services.assessment_record(
        actor=staff_user,
        village=village,
        held_on=datetime.date(2026, 3, 2),
        method=Assessment.Method.VOTE,
        problems=[
            {"title": "Суу", "votes": 30},
            {"title": "Жол", "votes": 30},
            {"title": "Бала бакча", "votes": 12},
        ],
        attendance={"attendance_total": 45, "attendance_women": 25},
        deputies_present="Осмонов Т.\n",
        staff_present="Бекова А.",
    )
    ranks = {p.title: p.rank for p in assessment.problems.all()}
    assert ranks == {"Суу": 1, "Жол": 1, "Бала бакча": 3}
    assert assessment.attendance.total == 45
    assert assessment.attendance.by_village == {str(village.pk): 45}
    assert assessment.deputies == ["Осмонов Т."] and assessment.staff == ["Бекова А."]


def test_assessment_refuses_missing_votes_and_bad_totals(staff_user, resident):
    village = VillageFactory()
    base = {
        "village": village,
        "held_on": datetime.date(2026, 3, 2),
        "attendance": {"attendance_total": 5},
    }
    with pytest.raises(ValidationError):
        services.assessment_record(
            actor=staff_user, method="vote", problems=[{"title": "Суу"}], **base
        )
    with pytest.raises(ValidationError):
        services.assessment_record(
            actor=staff_user,
            method="consensus",
            problems=[{"title": "Суу", "rank": 1}],
            **{**base, "attendance": {"attendance_total": 5, "attendance_men": 6}},
        )
    with pytest.raises(PermissionDenied):
        services.assessment_record(
            actor=resident, method="consensus", problems=[{"title": "Суу", "rank": 1}], **base
        )
    assert not Assessment.objects.exists()


def test_priority_from_problems_of_two_villages_then_closed_not_deleted(staff_user):
    a, b = VillageFactory(), VillageFactory()
    meetings = [
        services.assessment_record(
            actor=staff_user,
            village=village,
            held_on=datetime.date(2026, 3, 2),
            method="consensus",
            problems=[{"title": "Суу жок", "rank": 1}],
            attendance={"attendance_total": 20},
        )
        for village in (a, b)
    ]
    issue = LocalIssueFactory()
    entry = services.priority_create(
        actor=staff_user,
        title="Ичүүчү суу",
        rank=1,
        local_issue=issue,
        problems=[meetings[0].problems.get()],
    )
    services.problem_attach(problem=meetings[1].problems.get(), priority=entry, actor=staff_user)
    assert set(entry.villages.all()) == {a, b}
    services.priority_link(priority=entry, actor=staff_user, budget_line=BudgetLineFactory())
    with pytest.raises(ValidationError):
        services.priority_delete(priority=entry, actor=staff_user)
    with pytest.raises(ValidationError):
        services.priority_close(priority=entry, actor=staff_user, reason=" ")
    services.priority_close(priority=entry, actor=staff_user, reason="Башка программага өттү")
    entry.refresh_from_db()
    assert entry.status == Priority.Status.CLOSED and entry.close_reason


def test_unreferenced_priority_can_be_deleted_and_other_is_allowed(staff_user):
    entry = services.priority_create(
        actor=staff_user, title="Башка", rank=4, villages=[VillageFactory()]
    )
    assert entry.local_issue is None
    services.priority_delete(priority=entry, actor=staff_user)
    assert not Priority.objects.exists()


def test_link_needs_exactly_one_target_and_no_duplicates(staff_user):
    entry = priority()
    activity = ActivityFactory()
    with pytest.raises(ValidationError):
        services.priority_link(priority=entry, actor=staff_user)
    services.priority_link(priority=entry, actor=staff_user, plan_activity=activity)
    with pytest.raises(ValidationError):
        services.priority_link(priority=entry, actor=staff_user, plan_activity=activity)


def test_initiative_group_from_register_people_deputies_and_staff(staff_user):
    entry = priority()
    aigul, bakyt = person("Асанова Айгүл"), person("Токтогулов Бакыт")
    group = services.initiative_group_create(
        priority=entry,
        actor=staff_user,
        name="Таза суу",
        formed_on=datetime.date(2026, 4, 1),
        members=[
            {"person": aigul, "is_leader": True},
            {"person": bakyt},
            {"name": "Осмонов Т.", "role": InitiativeGroupMember.Role.DEPUTY},
        ],
    )
    assert [m.display_name for m in group.members.all()] == [
        "Асанова Айгүл",
        "Токтогулов Бакыт",
        "Осмонов Т.",
    ]
    with pytest.raises(ValidationError):
        services.initiative_group_create(
            priority=entry,
            actor=staff_user,
            name="Эки жолу",
            formed_on=datetime.date(2026, 4, 1),
            members=[{"person": aigul}, {"person": aigul}],
        )
    with pytest.raises(ValidationError):
        services.initiative_group_create(
            priority=entry,
            actor=staff_user,
            name="Аты жок",
            formed_on=datetime.date(2026, 4, 1),
            members=[{"name": "Кимдир бирөө"}],  # a resident must come from the register
        )
    thread = selectors.priority_thread(entry)
    assert thread.steps[1].date == datetime.date(2026, 4, 1)
    assert thread.stuck_at.key == "plan"


def test_a_person_who_withdraws_consent_leaves_the_group_unnamed(staff_user):
    from municipality.services.people import person_delete

    aigul = person()
    group = services.initiative_group_create(
        priority=priority(),
        actor=staff_user,
        name="Таза суу",
        formed_on=datetime.date(2026, 4, 1),
        members=[{"person": aigul}],
    )
    person_delete(person=aigul, actor=staff_user)
    member = group.members.get()
    assert member.person is None and member.display_name == "—"


def test_a_plan_that_took_the_priority_keeps_it_and_shows_in_its_thread(staff_user):
    """Issue 18: a priority a plan refers to cannot be deleted; the plan is step 3 of its
    thread once the plan is public, dated by its approval."""
    from engagement_plan.models import Plan
    from tests.engagement_plan.factories import PlanFactory

    entry = priority()
    draft = PlanFactory()
    draft.assessment_priorities.add(entry)
    assert selectors.priority_thread(entry).steps[2].items == []  # a draft is the office's
    with pytest.raises(ValidationError):
        services.priority_delete(priority=entry, actor=staff_user)
    approved = timezone.now() - datetime.timedelta(days=3)
    Plan.objects.filter(pk=draft.pk).update(status=Plan.Status.APPROVED, approved_at=approved)
    step = selectors.priority_thread(entry).steps[2]
    assert step.key == "plan" and step.date == timezone.localdate(approved)
    assert step.items == [(str(draft), draft.get_absolute_url())]
    assert Priority.objects.filter(pk=entry.pk).exists()
