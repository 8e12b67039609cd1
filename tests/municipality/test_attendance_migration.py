"""The data migrations of issue 13: old plan and hearing counts become kernel rows, no loss.

Runs the real migrations with Django's MigrationExecutor: the database is taken back to
the state before the move, rows are built with the historical models, then migrated
forward (and back again) and compared.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("engagement_plan", "0002_activity_gathering_attendance_link"),
    ("budget", "0002_hearing_attendance_link"),
]
AFTER = [
    ("engagement_plan", "0003_move_attendance_to_kernel"),
    ("budget", "0003_move_attendance_to_kernel"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())


def _plan_rows(apps):
    Village = apps.get_model("municipality", "Village")
    Plan = apps.get_model("engagement_plan", "Plan")
    Activity = apps.get_model("engagement_plan", "Activity")
    Gathering = apps.get_model("engagement_plan", "Gathering")
    north = Village.objects.create(name="Ак-Булуң")
    south = Village.objects.create(name="Төмөнкү-Үңкүр")
    plan = Plan.objects.create(title="План", title_ky="План", period_start=2025, period_end=2027)
    gathering = Gathering.objects.create(
        plan=plan,
        held_on=datetime.date(2025, 4, 10),
        place="Клуб",
        decisions="Колдоо",
        attendance_total=64,
        attendance_female=30,
        attendance_male=34,
        age_under_18=6,
        age_18_35=25,
        age_36_60=19,
        age_over_60=14,
        by_village={str(north.pk): 40, str(south.pk): 20, "999999": 4},
    )
    activity = Activity.objects.create(
        plan=plan,
        title="Жыйын",
        title_ky="Жыйын",
        direction="engaging",
        form="gathering",
        responsible="Ким",
        held_on=datetime.date(2025, 6, 1),
        attendance_total=12,
        attendance_female=7,
    )
    empty = Activity.objects.create(
        plan=plan, title="Пландалган", direction="informing", form="online", responsible="Ким"
    )
    return north, south, gathering, activity, empty


def test_plan_gatherings_and_activities_move_without_loss(old_apps):
    north, south, gathering, activity, empty = _plan_rows(old_apps)
    apps = _migrate(AFTER)
    Gathering = apps.get_model("engagement_plan", "Gathering")
    Activity = apps.get_model("engagement_plan", "Activity")
    Attendance = apps.get_model("municipality", "Attendance")

    moved = Attendance.objects.get(pk=Gathering.objects.get(pk=gathering.pk).attendance_id)
    assert (moved.total, moved.women, moved.men, moved.under_18) == (64, 30, 34, 6)
    assert moved.held_on == datetime.date(2025, 4, 10)
    assert moved.source == "engagement_plan.gathering"
    # 18–35 / 36–60 / over 60 do not fit 18–29 / 30–59 / 60+: kept, not redistributed.
    assert (moved.aged_18_29, moved.aged_30_59, moved.aged_60_plus) == (None, None, None)
    assert moved.legacy_counts == {
        "age_bands": {"18_35": 25, "36_60": 19, "over_60": 14},
        "villages": {"999999": 4},
    }
    assert {v.village_id: v.count for v in moved.villages.all()} == {north.pk: 40, south.pk: 20}

    small = Attendance.objects.get(pk=Activity.objects.get(pk=activity.pk).attendance_id)
    assert (small.total, small.women, small.men, small.legacy_counts) == (12, 7, None, {})
    assert Activity.objects.get(pk=empty.pk).attendance_id is None
    assert Attendance.objects.count() == 2

    back = _migrate(BEFORE)
    old = back.get_model("engagement_plan", "Gathering").objects.get(pk=gathering.pk)
    assert (old.attendance_total, old.attendance_female, old.attendance_male) == (64, 30, 34)
    assert (old.age_under_18, old.age_18_35, old.age_36_60, old.age_over_60) == (6, 25, 19, 14)
    assert old.by_village == {str(north.pk): 40, str(south.pk): 20, "999999": 4}
    assert back.get_model("municipality", "Attendance").objects.count() == 0


def test_hearings_move_exactly_with_their_village_rows(old_apps):
    Village = old_apps.get_model("municipality", "Village")
    Hearing = old_apps.get_model("budget", "Hearing")
    HearingVillageAttendance = old_apps.get_model("budget", "HearingVillageAttendance")
    village = Village.objects.create(name="Ак-Булуң")
    # 20:30 UTC is already the next day in Bishkek: the local date is the one kept.
    starts_at = datetime.datetime(2025, 11, 3, 20, 30, tzinfo=datetime.UTC)
    held = Hearing.objects.create(
        kind="execution_report",
        fiscal_year=2025,
        starts_at=starts_at,
        village=village,
        address="Клуб",
        agenda="Отчет",
        status="held",
        attendance_total=64,
        attendance_women=35,
        attendance_men=29,
        attendance_young=14,
        attendance_middle=36,
        attendance_senior=14,
    )
    HearingVillageAttendance.objects.create(hearing=held, village=village, count=50)
    upcoming = Hearing.objects.create(
        kind="draft_budget",
        fiscal_year=2026,
        starts_at=starts_at,
        village=village,
        address="Клуб",
        agenda="Долбоор",
    )
    apps = _migrate(AFTER)
    Hearing = apps.get_model("budget", "Hearing")
    Attendance = apps.get_model("municipality", "Attendance")
    moved = Attendance.objects.get(pk=Hearing.objects.get(pk=held.pk).attendance_id)
    assert (moved.total, moved.women, moved.men) == (64, 35, 29)
    assert (moved.under_18, moved.aged_18_29, moved.aged_30_59, moved.aged_60_plus) == (
        None,
        14,
        36,
        14,
    )
    assert moved.legacy_counts == {} and moved.source == "budget.hearing"
    assert moved.held_on == timezone.localdate(starts_at) == datetime.date(2025, 11, 4)
    assert [(v.village_id, v.count) for v in moved.villages.all()] == [(village.pk, 50)]
    assert Hearing.objects.get(pk=upcoming.pk).attendance_id is None

    back = _migrate(BEFORE)
    old = back.get_model("budget", "Hearing").objects.get(pk=held.pk)
    assert (old.attendance_total, old.attendance_young, old.attendance_senior) == (64, 14, 14)
    rows = back.get_model("budget", "HearingVillageAttendance").objects.filter(hearing=old)
    assert [(r.village_id, r.count) for r in rows] == [(village.pk, 50)]
