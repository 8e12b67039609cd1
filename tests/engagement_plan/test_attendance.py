"""Gatherings and activity evidence enter attendance through the kernel's form and rules."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Gathering
from engagement_plan.models import Activity, Plan
from tests.engagement_plan.factories import ActivityFactory, PlanFactory
from tests.municipality.factories import VillageFactory

pytestmark = pytest.mark.django_db


def test_gathering_form_stores_kernel_attendance_and_refuses_a_sum_over_the_total(
    client, municipality, staff_user
):
    village = VillageFactory()
    plan = PlanFactory(status=Plan.Status.DISCUSSION)
    client.force_login(staff_user)
    url = reverse("engagement_plan:gathering-record", args=[plan.pk])
    data = {
        "held_on": timezone.localdate().isoformat(),
        "place": "Клуб",
        "chair_name": "Мамытов Бакыт",
        "minutes": "Пландын долбоору талкууланды.",
        "decisions": "Колдоо",
        "attendance_total": "35",
        "attendance_women": "20",
        "attendance_men": "15",
        "attendance_under_18": "4",
        "attendance_18_29": "10",
        "attendance_30_59": "15",
        "attendance_60_plus": "6",
        f"attendance_village_{village.pk}": "36",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="attendance_60_plus"' in html and 'value="36"' in html
    assert not Gathering.objects.exists()
    data[f"attendance_village_{village.pk}"] = "35"
    assert client.post(url, data).status_code == 302
    attendance = Gathering.objects.get().attendance
    assert (attendance.total, attendance.women, attendance.aged_60_plus) == (35, 20, 6)
    assert attendance.source == "engagement_plan.gathering"
    assert attendance.by_village == {str(village.pk): 35}


def test_evidence_form_shows_the_one_set_of_age_bands_and_saves_them(
    client, municipality, staff_user
):
    activity = ActivityFactory(plan=PlanFactory(status=Plan.Status.IN_FORCE))
    client.force_login(staff_user)
    url = reverse("engagement_plan:activity-evidence", args=[activity.pk])
    html = client.get(url).content.decode()
    for name in ("attendance_under_18", "attendance_18_29", "attendance_30_59"):
        assert f'name="{name}"' in html
    assert "age_18_35" not in html
    response = client.post(
        url,
        {
            "held_on": "2025-03-01",
            "place": "Клуб",
            "result": "Өттү",
            "attendance_total": "12",
            "attendance_30_59": "12",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE and activity.attendance.aged_30_59 == 12


def test_plan_statistics_show_kept_old_bands_apart_from_the_current_ones(municipality):
    from engagement_plan.selectors import participation_statistics, plan_detail
    from tests.engagement_plan.factories import GatheringFactory
    from tests.municipality.factories import AttendanceFactory

    plan = PlanFactory(status=Plan.Status.IN_FORCE)
    GatheringFactory(
        plan=plan,
        attendance=AttendanceFactory(
            total=40, under_18=4, aged_18_29=3, legacy_counts={"age_bands": {"36_60": 20}}
        ),
    )
    ActivityFactory(plan=plan, attendance=AttendanceFactory(total=10, aged_18_29=7))
    stats = participation_statistics(plan_detail(pk=plan.pk))
    ages = {row["label"]: row["value"] for row in stats["groups"][1]["rows"]}
    assert stats["total"] == 50 and stats["events"] == 2
    assert list(ages.values()) == [4, 10, 0, 0, 20]
    assert "36–60" in list(ages)[-1]
