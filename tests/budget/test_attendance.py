"""The hearing record enters attendance through the kernel's form; pages and PDF show it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from budget.models import Hearing
from tests.budget.factories import HearingFactory
from tests.municipality.factories import AttendanceFactory, VillageFactory

pytestmark = pytest.mark.django_db


def test_hold_form_saves_the_kernel_row_and_edits_the_same_row(client, municipality, staff_user):
    village = VillageFactory()
    hearing = HearingFactory(
        status=Hearing.Status.ANNOUNCED, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(staff_user)
    url = reverse("budget:office-hearing-hold", args=[hearing.pk])
    data = {
        "attendance_total": "40",
        "attendance_women": "22",
        "attendance_men": "18",
        "attendance_under_18": "2",
        f"attendance_village_{village.pk}": "41",
        "discussion": "Талкуу",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "41" in response.content.decode()
    hearing.refresh_from_db()
    assert hearing.attendance is None and hearing.status == Hearing.Status.ANNOUNCED
    data[f"attendance_village_{village.pk}"] = "30"
    assert client.post(url, data).status_code == 302
    hearing.refresh_from_db()
    first = hearing.attendance
    assert (first.total, first.under_18, first.by_village) == (40, 2, {str(village.pk): 30})
    assert 'value="22"' in client.get(url).content.decode()
    data["attendance_total"] = "41"
    assert client.post(url, data).status_code == 302
    hearing.refresh_from_db()
    assert hearing.attendance.pk == first.pk and hearing.attendance.total == 41


def test_public_page_lists_kept_old_age_bands(client, municipality):
    hearing = HearingFactory(
        status=Hearing.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        attendance=AttendanceFactory(
            total=30, women=16, under_18=3, legacy_counts={"age_bands": {"36_60": 11}}
        ),
    )
    html = client.get(reverse("budget:hearing-detail", args=[hearing.pk])).content.decode()
    assert "36–60" in html and "11" in html and "16" in html
