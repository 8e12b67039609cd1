"""A winner's implementation report counts who came, as seed 003's report did."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Application, Contest, ImplementationReport
from tests.initiatives.factories import ApplicationFactory, ContestFactory
from tests.municipality.factories import VillageFactory

pytestmark = pytest.mark.django_db


def _report():
    contest = ContestFactory(status=Contest.Status.IMPLEMENTATION)
    application = ApplicationFactory(contest=contest, status=Application.Status.SELECTED)
    return ImplementationReport.objects.create(
        application=application,
        kind=ImplementationReport.Kind.FINAL,
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )


def _data(application, **counts):
    lines = list(application.estimate_lines.all())
    data = {
        "text": "7 оюн коюлду",
        "sp-TOTAL_FORMS": str(len(lines)),
        "sp-INITIAL_FORMS": str(len(lines)),
    }
    for i, line in enumerate(lines):
        data.update(
            {f"sp-{i}-item": line.item, f"sp-{i}-planned": str(line.total), f"sp-{i}-spent": "1"}
        )
    return data | counts


def test_report_records_seed_003_attendance_and_refuses_more_men_and_women_than_came(
    client, municipality
):
    village = VillageFactory()
    report = _report()
    application = report.application
    client.force_login(application.applicant)
    url = reverse("initiatives:report", args=[application.pk, report.pk])
    bad = _data(application, attendance_total="1000", attendance_women="690", attendance_men="360")
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "1050" in response.content.decode()
    report.refresh_from_db()
    assert report.submitted_at is None and report.attendance is None
    good = _data(
        application,
        attendance_total="1650",
        attendance_women="690",
        attendance_men="360",
        attendance_under_18="600",
        **{f"attendance_village_{village.pk}": "1650"},
    )
    assert client.post(url, good).status_code == 302
    report.refresh_from_db()
    attendance = report.attendance
    assert report.submitted_at
    assert (attendance.total, attendance.men, attendance.women, attendance.under_18) == (
        1650,
        360,
        690,
        600,
    )
    assert attendance.source == "initiatives.implementationreport"
    html = client.get(reverse("initiatives:application", args=[application.pk])).content.decode()
    assert "1650" in html
