from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budget.models import BudgetCategory, BudgetLine
from budget.services import budget_lines_import

from .factories import BudgetLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in the source language; ky and ru are in locale/."""
    from django.utils import translation

    with translation.override("en"):
        yield


GOOD = (
    "year,kind,code,category,planned,actual\n"
    "2026,revenue,1111,Жер салыгы,2400000,2350000.50\n"
    "2026,revenue,1112,Мүлк салыгы,900 000,\n"
    '2026,expenditure,0911,Билим берүү,"4100000,00",\n'
    "2026,expenditure,0661,Көрктөндүрүү,1300000,1250000\n"
)


RUSSIAN = (
    GOOD.replace("Жер салыгы", "Земельный налог")
    .replace("Мүлк салыгы", "Налог на имущество")
    .replace("Билим берүү", "Образование")
    .replace("Көрктөндүрүү", "Благоустройство")
)


def _import(actor, text, codec="utf-8", **kwargs):
    # Windows-1251 has no ң ө ү: files in it carry Russian names.
    return budget_lines_import(actor=actor, content=text.encode(codec), **kwargs)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_good_file_is_imported_in_either_encoding(staff_user, encoding):
    text = RUSSIAN if encoding == "cp1251" else GOOD
    result = _import(staff_user, text, encoding)
    assert (result.created, result.updated, result.categories_created) == (4, 0, 4)
    land = BudgetLine.objects.get(category__code="1111")
    assert land.planned == Decimal("2400000") and land.actual == Decimal("2350000.50")
    assert land.category.name == ("Земельный налог" if encoding == "cp1251" else "Жер салыгы")
    assert land.category.kind == "revenue"
    assert land.category.name_ru == ("Земельный налог" if encoding == "cp1251" else None)
    assert BudgetLine.objects.get(category__code="1112").planned == Decimal("900000")
    assert BudgetLine.objects.get(category__code="0911").planned == Decimal("4100000")
    assert BudgetLine.objects.get(category__code="1112").actual is None


def test_semicolon_separated_windows_1251_file(staff_user):
    text = RUSSIAN.replace(",", ";").replace('"4100000;00"', "4100000")
    result = _import(staff_user, text, "cp1251", encoding="windows-1251")
    assert result.created == 4


def _refused(actor, text, codec="utf-8", **kwargs):
    BudgetLineFactory(year=2025, planned=Decimal("5"))
    before = (BudgetLine.objects.count(), BudgetCategory.objects.count())
    with pytest.raises(ValidationError) as info:
        _import(actor, text, codec, **kwargs)
    assert (BudgetLine.objects.count(), BudgetCategory.objects.count()) == before
    return " ".join(info.value.messages)


BAD_ROW = "2026,expenditure,0451,Жолдор,{planned},{actual}\n"


@pytest.mark.parametrize(
    "planned, actual, words",
    [
        ("-5", "", ["Row 6", "planned", "-5"]),
        ("100", "-1", ["Row 6", "actual"]),
        ("abc", "", ["Row 6", "planned", "abc"]),
        ("", "", ["Row 6", "planned"]),
        ("1.234", "", ["Row 6", "planned"]),
        ("NaN", "", ["Row 6", "planned"]),
    ],
)
def test_bad_amount_is_refused_naming_row_and_field_and_nothing_is_imported(
    staff_user, planned, actual, words
):
    message = _refused(staff_user, GOOD + BAD_ROW.format(planned=planned, actual=actual))
    for word in words:
        assert word in message


def test_wrong_header_is_refused(staff_user):
    message = _refused(staff_user, GOOD.replace("planned,actual", "plan,fact", 1))
    assert "Row 1" in message and "year,kind,code,category,planned,actual" in message


def test_duplicate_line_in_the_file_is_refused(staff_user):
    message = _refused(staff_user, GOOD + "2026,revenue,1111,Жер салыгы,1,1\n")
    assert "Row 6" in message and "row 2" in message


def test_line_already_in_the_budget_is_a_duplicate_unless_replacing(staff_user):
    _import(staff_user, GOOD)
    with pytest.raises(ValidationError) as info:
        _import(staff_user, GOOD.replace("2400000", "2500000"))
    assert "Row 2" in " ".join(info.value.messages)
    assert BudgetLine.objects.get(category__code="1111").planned == Decimal("2400000")
    result = _import(staff_user, GOOD.replace("2400000", "2500000"), replace=True)
    assert result.updated == 4 and result.created == 0
    assert BudgetLine.objects.get(category__code="1111").planned == Decimal("2500000")


def test_wrong_encoding_is_refused(staff_user):
    message = _refused(staff_user, RUSSIAN, "cp1251", encoding="utf-8")
    assert "UTF-8" in message and "row 2" in message.lower()
    message = _refused(staff_user, GOOD, "utf-16")
    assert "UTF-8" in message


def test_bad_kind_and_year_are_named(staff_user):
    message = _refused(staff_user, GOOD + "20x6,revenue,1,A,1,\n" + "2026,income,2,B,1,\n")
    assert "Row 6" in message and "year" in message
    assert "Row 7" in message and "kind" in message


def test_empty_and_header_only_files_are_refused(staff_user):
    _refused(staff_user, "")
    _refused(staff_user, "year,kind,code,category,planned,actual\n")


def test_resident_cannot_import(resident):
    with pytest.raises(PermissionDenied):
        _import(resident, GOOD)
