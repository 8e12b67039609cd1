"""The municipality-wide participation page (issue 14): totals per year, least villages."""

import datetime

import pytest
from django.urls import reverse

from tests.budget.factories import HearingFactory
from tests.engagement_plan.factories import GatheringFactory
from tests.municipality.factories import AttendanceFactory, VillageFactory

pytestmark = pytest.mark.django_db


def _world():
    a, b, c = (
        VillageFactory(name="Арал"),
        VillageFactory(name="Беш-Күнгөй"),
        VillageFactory(name="Көк-Жар"),
    )
    GatheringFactory(
        attendance=AttendanceFactory(
            held_on=datetime.date(2026, 5, 1),
            source="engagement_plan.gathering",
            total=40,
            women=22,
            men=18,
            under_18=5,
            village_counts={a: 30, b: 10},
        )
    )
    HearingFactory(
        attendance=AttendanceFactory(
            held_on=datetime.date(2026, 11, 2),
            source="budget.hearing",
            total=60,
            women=35,
            men=25,
            village_counts={a: 50, b: 10},
        )
    )
    HearingFactory(
        attendance=AttendanceFactory(
            held_on=datetime.date(2025, 11, 2),
            source="budget.hearing",
            total=99,
            village_counts={c: 99},
        )
    )
    return a, b, c


def test_year_totals_by_sex_kind_and_village_with_the_least_marked(client, municipality):
    _world()
    url = reverse("municipality:participation")
    page = client.get(url, {"year": 2026}).content.decode()
    assert "Participants" not in page  # Kyrgyz page
    assert "100" in page and "Бюджеттик угуулар" in page
    assert '<progress class="participation-bar" value="57" max="100">' in page
    # Көк-Жар sent nobody in 2026: it is the village that took part least
    assert "participation-least-row" in page
    least = page.split("participation-least")[1]
    assert "Көк-Жар" in least and "Арал" not in least.split("</p>")[0]
    page = client.get(url, {"year": 2025}).content.decode()
    assert "99" in page and "2026" in page  # the other years are links
    least = page.split('class="alert alert-warning participation-least">')[1].split("</p>")[0]
    assert "Арал" in least and "Беш-Күнгөй" in least and "Көк-Жар" not in least


def test_a_year_without_meetings_and_bad_input(client, municipality):
    url = reverse("municipality:participation")
    assert "participation-empty" in client.get(url, {"year": 1990}).content.decode()
    for bad in ("x", "99999999999999999999", "-5", "\x00"):
        assert client.get(url, {"year": bad}).status_code == 200


def test_constant_query_count(client, municipality, django_assert_max_num_queries):
    _world()
    url = reverse("municipality:participation")
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url, {"year": 2026})
    for day in range(1, 20):
        village = VillageFactory()
        GatheringFactory(
            attendance=AttendanceFactory(
                held_on=datetime.date(2026, 3, day),
                source="engagement_plan.gathering",
                total=5,
                village_counts={village: 5},
            )
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url, {"year": 2026})


def test_russian_page(client, municipality):
    _world()
    page = client.get("/ru/participation/?year=2026").content.decode()
    assert "Участие" in page and "Меньше всех" in page
