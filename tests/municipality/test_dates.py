"""D30: dates in Kyrgyz and Russian messages as officials write them."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from municipality.dates import (
    ky_date,
    ky_datetime,
    official_date,
    official_date_lazy,
    official_datetime,
    ru_date,
    ru_datetime,
)

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")

KY_MONTHS = [
    (1, "1-январы"),
    (2, "28-февралы"),
    (3, "3-марты"),
    (4, "30-апрели"),
    (5, "12-майы"),
    (6, "1-июну"),
    (7, "15-июлу"),
    (8, "31-августу"),
    (9, "1-сентябры"),
    (10, "20-октябры"),
    (11, "7-ноябры"),
    (12, "31-декабры"),
]


@pytest.mark.parametrize(("month", "expected"), KY_MONTHS)
def test_kyrgyz_month_in_its_possessive_form(month, expected):
    day = int(expected.split("-")[0])
    assert ky_date(datetime.date(2026, month, day)) == f"2026-жылдын {expected}"


@pytest.mark.parametrize(
    ("month", "genitive"),
    list(
        enumerate(
            [
                "января",
                "февраля",
                "марта",
                "апреля",
                "мая",
                "июня",
                "июля",
                "августа",
                "сентября",
                "октября",
                "ноября",
                "декабря",
            ],
            1,
        )
    ),
)
def test_russian_month_in_the_genitive(month, genitive):
    assert ru_date(datetime.date(2026, month, 1)) == f"1 {genitive} 2026 г."


def test_date_and_time_in_the_local_time_zone():
    moment = datetime.datetime(2026, 5, 12, 4, 0, tzinfo=datetime.UTC)  # 10:00 in Bishkek
    assert ky_datetime(moment) == "2026-жылдын 12-майы, саат 10:00"
    assert ru_datetime(moment) == "12 мая 2026 г., 10:00"
    # Midnight boundary: 23:30 UTC on 31 December is already 1 January in Bishkek.
    new_year = datetime.datetime(2026, 12, 31, 18, 30, tzinfo=datetime.UTC)
    assert ky_datetime(new_year) == "2027-жылдын 1-январы, саат 00:30"
    assert ru_datetime(new_year) == "1 января 2027 г., 00:30"


def test_official_forms_follow_the_active_language():
    moment = datetime.datetime(2026, 3, 3, 9, 5, tzinfo=BISHKEK)
    lazy = official_date_lazy(moment.date())
    with translation.override("ky"):
        assert official_datetime(moment) == "2026-жылдын 3-марты, саат 09:05"
        assert str(lazy) == "2026-жылдын 3-марты"
    with translation.override("ru"):
        assert official_datetime(moment) == "3 марта 2026 г., 09:05"
        assert official_date(moment) == "3 марта 2026 г."
        assert str(lazy) == "3 марта 2026 г."
    assert official_date(None) == "" and official_datetime(None) == ""


def test_template_filters():
    template = Template("{% load dates %}{{ when|official_datetime }} / {{ day|official_date }}")
    context = Context(
        {
            "when": datetime.datetime(2026, 5, 12, 10, 0, tzinfo=BISHKEK),
            "day": datetime.date(2026, 6, 1),
        }
    )
    with translation.override("ky"):
        assert template.render(context) == "2026-жылдын 12-майы, саат 10:00 / 2026-жылдын 1-июну"
    with translation.override("ru"):
        assert template.render(context) == "12 мая 2026 г., 10:00 / 1 июня 2026 г."
