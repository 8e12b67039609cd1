"""The kernel's one attendance model: its rules at their boundaries and the yearly totals."""

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from municipality.models import Attendance
from municipality.selectors.attendance import attendance_year_totals
from municipality.services.attendance import attendance_check, attendance_record
from tests.budget.factories import HearingFactory
from tests.engagement_plan.factories import GatheringFactory
from tests.municipality.factories import AttendanceFactory, VillageFactory

pytestmark = pytest.mark.django_db


def _errors(values, villages=None, **kwargs):
    try:
        attendance_check(values=values, villages=villages or {}, **kwargs)
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize(
    "values, villages, key",
    [
        ({"attendance_women": 10}, {}, None),
        ({"attendance_women": 11}, {}, "attendance_women"),
        ({"attendance_women": 5, "attendance_men": 5}, {}, None),
        ({"attendance_women": 6, "attendance_men": 5}, {}, "attendance_men"),
        ({"attendance_60_plus": 11}, {}, "attendance_60_plus"),
        (
            {
                "attendance_under_18": 1,
                "attendance_18_29": 3,
                "attendance_30_59": 3,
                "attendance_60_plus": 3,
            },
            {},
            None,
        ),
        (
            {
                "attendance_under_18": 2,
                "attendance_18_29": 3,
                "attendance_30_59": 3,
                "attendance_60_plus": 3,
            },
            {},
            "attendance_60_plus",
        ),
        ({}, {1: 4, 2: 6}, None),
        ({}, {1: 5, 2: 6}, "attendance_total"),
    ],
)
def test_no_count_or_sum_may_exceed_the_total(values, villages, key):
    errors = _errors({"attendance_total": 10, **values}, villages)
    if key is None:
        assert errors == {}
    else:
        assert list(errors) == [key]
        assert "10" in " ".join(errors[key])


def test_a_breakdown_needs_a_total_and_hearings_need_one_anyway():
    assert _errors({}) == {}
    assert _errors({"attendance_total": 0}) == {}
    assert set(_errors({"attendance_men": 3})) == {"attendance_total"}
    assert set(_errors({}, {1: 2})) == {"attendance_total"}
    assert set(_errors({}, require_total=True)) == {"attendance_total"}
    assert set(_errors({"attendance_total": -1})) == {"attendance_total"}
    assert set(_errors({"attendance_total": 3, "attendance_women": -1})) == {"attendance_women"}


def test_messages_are_translated_in_kyrgyz_and_russian():
    from django.utils import translation

    for language in ("ky", "ru"):
        with translation.override(language):
            message = " ".join(
                _errors({"attendance_total": 10, "attendance_women": 11})["attendance_women"]
            )
        assert "more than the total" not in message, language


def test_record_updates_one_row_and_keeps_only_real_villages():
    village, other = VillageFactory(), VillageFactory()
    assert attendance_record(attendance=None, values={}, held_on=None, source="x.y") is None
    row = attendance_record(
        attendance=None,
        values={"attendance_total": 9, "attendance_women": 4},
        villages={village: 5, other.pk: 0},
        held_on=datetime.date(2026, 3, 1),
        source="engagement_plan.gathering",
    )
    again = attendance_record(
        attendance=row,
        values={"attendance_total": 8, "attendance_men": 3},
        villages={other: 2},
        held_on=datetime.date(2026, 3, 2),
        source="engagement_plan.gathering",
    )
    assert again.pk == row.pk and Attendance.objects.count() == 1
    again.refresh_from_db()
    assert (again.total, again.women, again.men) == (8, None, 3)
    assert again.by_village == {str(other.pk): 2}


def test_kept_legacy_bands_go_only_when_new_bands_are_entered():
    row = AttendanceFactory(total=30, under_18=2, legacy_counts={"age_bands": {"18_35": 12}})
    values = {"attendance_total": 30, "attendance_under_18": 2}
    row = attendance_record(attendance=row, values=values, held_on=None, source="s")
    assert [count for _label, count in row.legacy_age_bands] == [12]
    values["attendance_18_29"] = 10
    row = attendance_record(attendance=row, values=values, held_on=None, source="s")
    assert row.legacy_age_bands == [] and row.aged_18_29 == 10


def test_year_totals_add_up_every_app_and_skip_rows_no_meeting_points_at(municipality):
    village = VillageFactory()
    GatheringFactory(
        attendance=AttendanceFactory(
            held_on=datetime.date(2026, 5, 1),
            source="engagement_plan.gathering",
            total=40,
            women=22,
            men=18,
            under_18=5,
            legacy_counts={"age_bands": {"18_35": 20}},
            village_counts={village: 30},
        )
    )
    HearingFactory(
        attendance=AttendanceFactory(
            held_on=datetime.date(2026, 11, 2),
            source="budget.hearing",
            total=60,
            women=35,
            aged_60_plus=14,
            village_counts={village: 10},
        )
    )
    HearingFactory(attendance=AttendanceFactory(held_on=datetime.date(2025, 11, 2), total=99))
    AttendanceFactory(held_on=datetime.date(2026, 6, 1), total=500)  # its meeting is gone
    totals = attendance_year_totals(year=2026)
    assert totals["meetings"] == 2 and totals["total"] == 100
    assert (totals["women"], totals["men"], totals["under_18"], totals["aged_60_plus"]) == (
        57,
        18,
        5,
        14,
    )
    assert totals["by_source"] == {"budget.hearing": 60, "engagement_plan.gathering": 40}
    assert totals["legacy_age_bands"] == {"18_35": 20}
    assert {row["village"]: row["people"] for row in totals["by_village"]}[village] == 40


def test_the_kernel_imports_no_app():
    apps = {
        name.split(".")[0]
        for name in settings.INSTALLED_APPS
        if (Path(settings.BASE_DIR) / name.split(".")[0] / "apps.py").exists()
    } - {"municipality"}
    for path in (Path(settings.BASE_DIR) / "municipality").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert node.module.split(".")[0] not in apps, path
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] not in apps, path
