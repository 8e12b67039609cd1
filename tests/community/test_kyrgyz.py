"""The community pages in Kyrgyz show no English words (needs the compiled .mo: po_fill)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community import services
from community.models import AnnualReport, Gathering, Survey
from tests.community.factories import priority
from tests.municipality.test_kyrgyz_pages import _english_words

pytestmark = pytest.mark.django_db
ALLOWED = {"CSV", "JSON"}


def test_community_pages_in_kyrgyz_have_no_english(client, staff_user, municipality):
    entry = priority()
    gathering = Gathering.objects.create(
        title="Жыйын", agenda="Күн тартиби", place="Мектеп", starts_at=timezone.now()
    )
    today = timezone.localdate()
    survey = services.survey_create(
        actor=staff_user,
        title="Сурамжылоо",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=3),
        questions=[
            {"kind": "single", "text": "Суу барбы?", "options": ["Ооба", "Жок"]},
            {"kind": "text", "text": "Сунуш"},
        ],
    )
    services.survey_move(survey=survey, to=Survey.Status.OPEN, actor=staff_user)
    services.report_save(actor=staff_user, year=today.year, introduction="Кириш сөз")
    AnnualReport.objects.update(status=AnnualReport.Status.PUBLISHED)
    client.force_login(staff_user)
    with translation.override("ky"):
        urls = [
            reverse("community:index"),
            reverse("community:priority-detail", args=[entry.pk]),
            reverse("community:assessment-detail", args=[entry.problems.get().assessment_id]),
            reverse("community:gathering-detail", args=[gathering.pk]),
            reverse("community:report-detail", args=[today.year]),
            reverse("community:survey-detail", args=[survey.pk]),
            reverse("community:survey-results", args=[survey.pk]),
            reverse("community:office"),
            reverse("community:priority-manage", args=[entry.pk]),
            reverse("community:gathering-hold", args=[gathering.pk]),
            reverse("community:assessment-create"),
            reverse("community:priority-create"),
            reverse("community:survey-paper", args=[survey.pk]),
        ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        words = _english_words(response.content.decode()) - ALLOWED
        if words:
            found[url] = words
    assert not found
