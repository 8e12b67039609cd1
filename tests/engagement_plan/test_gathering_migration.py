"""Issue 18: the plan's gatherings move into community gatherings without loss.

Runs the real migrations with Django's MigrationExecutor (as tests/municipality/
test_attendance_migration.py does): the database is taken back to the state before the
move, rows are built with the historical models, migrated forward, compared, and migrated
back again.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("engagement_plan", "0010_plan_gatherings_in_community")]
AFTER = [("engagement_plan", "0012_delete_plan_gathering")]


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


def _old_rows(apps):
    Village = apps.get_model("municipality", "Village")
    Attendance = apps.get_model("municipality", "Attendance")
    AttendanceVillage = apps.get_model("municipality", "AttendanceVillage")
    User = apps.get_model("municipality", "User")
    Plan = apps.get_model("engagement_plan", "Plan")
    Gathering = apps.get_model("engagement_plan", "Gathering")
    clerk = User.objects.create(username="clerk", full_name="Токтосунова Айпери")
    village = Village.objects.create(name="Ак-Булуң")
    announced = timezone.make_aware(datetime.datetime(2025, 4, 10, 15, 30))
    plan = Plan.objects.create(
        title="План",
        title_ky="Жамаатты тартуу планы",
        title_ru="План вовлечения",
        period_start=2025,
        period_end=2027,
        gathering_at=announced,
        gathering_place="Клуб",
    )
    attendance = Attendance.objects.create(
        total=64, women=30, men=34, held_on=datetime.date(2025, 4, 10), source="x"
    )
    AttendanceVillage.objects.create(attendance=attendance, village=village, count=40)
    held = Gathering.objects.create(
        plan=plan,
        held_on=datetime.date(2025, 4, 10),
        place="Клуб",
        decisions="Планды колдоо",
        attendance=attendance,
        recorded_by=clerk,
    )
    # a second, earlier gathering of the same plan, without counts
    earlier = Gathering.objects.create(
        plan=plan, held_on=datetime.date(2025, 3, 1), place="Мектеп", decisions="Талкуу"
    )
    created = timezone.make_aware(datetime.datetime(2025, 4, 11, 9, 0))
    Gathering.objects.filter(pk=held.pk).update(created_at=created)
    return plan, held, earlier, attendance, village, clerk, announced, created


def test_plan_gatherings_become_community_gatherings_and_come_back(old_apps):
    plan, held, earlier, attendance, village, clerk, announced, created = _old_rows(old_apps)
    apps = _migrate(AFTER)
    Plan = apps.get_model("engagement_plan", "Plan")
    Gathering = apps.get_model("community", "Gathering")
    moved = list(Plan.objects.get(pk=plan.pk).gatherings.order_by("held_on"))
    assert [g.held_on for g in moved] == [datetime.date(2025, 3, 1), datetime.date(2025, 4, 10)]
    assert {g.kind for g in moved} == {"plan_discussion"}
    assert {g.status for g in moved} == {"held"}
    first, second = moved
    assert (second.place_ky, second.place_ru, second.decisions) == (
        "Клуб",
        "Клуб",
        "Планды колдоо",
    )
    assert second.starts_at == announced  # held on the announced day: the announced time
    assert timezone.localtime(first.starts_at).time() == datetime.time(10, 0)
    assert second.attendance_id == attendance.pk and first.attendance_id is None
    counts = apps.get_model("municipality", "AttendanceVillage").objects.get(
        attendance_id=second.attendance_id
    )
    assert (counts.village_id, counts.count) == (village.pk, 40)
    assert second.created_by_id == clerk.pk and second.created_at == created
    assert "Жамаатты тартуу планы" in second.title_ky and "План вовлечения" in second.title_ru
    assert Gathering.objects.count() == 2

    back = _migrate(BEFORE)
    Old = back.get_model("engagement_plan", "Gathering")
    rows = list(Old.objects.order_by("held_on"))
    assert [(g.plan_id, g.held_on, g.place, g.decisions) for g in rows] == [
        (plan.pk, datetime.date(2025, 3, 1), "Мектеп", "Талкуу"),
        (plan.pk, datetime.date(2025, 4, 10), "Клуб", "Планды колдоо"),
    ]
    assert rows[1].attendance_id == attendance.pk and rows[1].recorded_by_id == clerk.pk
    assert rows[1].created_at == created
    assert back.get_model("community", "Gathering").objects.count() == 0
