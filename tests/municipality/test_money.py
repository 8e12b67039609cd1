"""The sum speller: Kyrgyz and Russian words for 0 … 999 999 999 999, as documents print them."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from municipality.money import som_amount, som_words, spell_ky, spell_ru

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("number", "ky", "ru"),
    [
        (0, "нөл", "ноль"),
        (1, "бир", "один"),
        (11, "он бир", "одиннадцать"),
        (19, "он тогуз", "девятнадцать"),
        (40, "кырк", "сорок"),
        (100, "жүз", "сто"),
        (101, "жүз бир", "сто один"),
        (250, "эки жүз элүү", "двести пятьдесят"),
        (1_000, "бир миң", "одна тысяча"),
        (2_000, "эки миң", "две тысячи"),
        (5_000, "беш миң", "пять тысяч"),
        (11_000, "он бир миң", "одиннадцать тысяч"),
        (21_000, "жыйырма бир миң", "двадцать одна тысяча"),
        (39_000, "отуз тогуз миң", "тридцать девять тысяч"),
        (78_000, "жетимиш сегиз миң", "семьдесят восемь тысяч"),
        (100_000, "жүз миң", "сто тысяч"),
        (500_000, "беш жүз миң", "пятьсот тысяч"),
        (1_000_000, "бир миллион", "один миллион"),
        (1_000_001, "бир миллион бир", "один миллион один"),
        (2_000_000, "эки миллион", "два миллиона"),
        (1_000_000_000, "бир миллиард", "один миллиард"),
        (
            999_999_999_999,
            "тогуз жүз токсон тогуз миллиард тогуз жүз токсон тогуз миллион "
            "тогуз жүз токсон тогуз миң тогуз жүз токсон тогуз",
            "девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов "
            "девятьсот девяносто девять тысяч девятьсот девяносто девять",
        ),
    ],
)
def test_spelled_in_both_languages(number, ky, ru):
    assert spell_ky(number) == ky
    assert spell_ru(number) == ru


@pytest.mark.parametrize("number", [-1, 10**12])
def test_outside_the_range_is_refused(number):
    with pytest.raises(ValueError):
        spell_ky(number)
    with pytest.raises(ValueError):
        spell_ru(number)


@pytest.mark.parametrize(
    ("amount", "ky", "ru"),
    [
        (
            Decimal("78000.00"),
            "78 000 (жетимиш сегиз миң) сом 00 тыйын",
            "78 000 (семьдесят восемь тысяч) сомов 00 тыйынов",
        ),
        ("1.01", "1 (бир) сом 01 тыйын", "1 (один) сом 01 тыйын"),
        ("2.02", "2 (эки) сом 02 тыйын", "2 (два) сома 02 тыйына"),
        ("0.5", "0 (нөл) сом 50 тыйын", "0 (ноль) сомов 50 тыйынов"),
        ("11.11", "11 (он бир) сом 11 тыйын", "11 (одиннадцать) сомов 11 тыйынов"),
        ("1000001", "1 000 001 (бир миллион бир) сом 00 тыйын", None),
    ],
)
def test_sums_as_officials_write_them(amount, ky, ru):
    assert som_words(amount, "ky").replace(NNBSP, " ") == ky
    if ru:
        assert som_words(amount, "ru").replace(NNBSP, " ") == ru


def test_grouped_amounts_and_the_filters_follow_the_language():
    assert som_amount(Decimal("12345678.40")) == f"12{NNBSP}345{NNBSP}678"
    assert som_amount(None) == "—"
    template = Template("{% load money %}{{ x|som }} · {{ x|som_words }}")
    with translation.override("ky"):
        assert template.render(Context({"x": Decimal("39000")})).replace(NNBSP, " ") == (
            "39 000 · 39 000 (отуз тогуз миң) сом 00 тыйын"
        )
    with translation.override("ru"):
        assert "сомов 00 тыйынов" in template.render(Context({"x": Decimal("39000")}))
