"""Validator messages in plain Kyrgyz (and Russian) instead of Django's defaults."""

import pytest
from django import forms
from django.utils import translation

from initiatives.forms import CriterionForm, EstimateLineForm
from municipality.plain_messages import ky_case

DJANGO_PHRASES = ("карата", "текшериңиз", "киргиз.", "Толук сан", "Туура эдарек", "тандоону танда")


@pytest.mark.parametrize(
    ("number", "from_", "to"),
    [
        (0, "0дөн", "0гө"),
        (10, "10дон", "10го"),
        (50, "50дөн", "50гө"),
        (30, "30дан", "30га"),
        (4, "4төн", "4кө"),
        (6, "6дан", "6га"),
        (100, "100дөн", "100гө"),
        (1000, "1\u00a0000ден", "1\u00a0000ге"),
    ],
)
def test_kyrgyz_case_endings(number, from_, to):
    assert ky_case(number, "from") == from_
    assert ky_case(number, "to") == to


class Score(forms.Form):
    value = forms.IntegerField(min_value=0, max_value=10)


def errors(form_class, data, language):
    with translation.override(language):
        form = form_class(data)
        form.is_valid()
        return {name: [str(e) for e in errs] for name, errs in form.errors.items()}


def test_range_message_names_both_bounds_in_kyrgyz():
    assert errors(Score, {"value": "11"}, "ky") == {"value": ["Сан 0дөн 10го чейин болушу керек."]}
    assert errors(Score, {"value": "-1"}, "ru") == {"value": ["Число должно быть от 0 до 10."]}


def test_not_a_number_and_empty_in_kyrgyz():
    found = errors(Score, {"value": "он"}, "ky")
    assert found == {"value": ["Бүтүн санды цифра менен жазыңыз, мисалы 12."]}
    assert errors(Score, {}, "ky") == {"value": ["Бул талааны толтуруңуз."]}


def test_project_forms_speak_plainly():
    """The criteria form of a contest and an estimate line, as the office and residents fill them."""
    criterion = errors(CriterionForm, {"name": "Таасири", "weight": "0", "max_score": "500"}, "ky")
    assert criterion["max_score"] == ["Сан 1ден 100гө чейин болушу керек."]
    assert criterion["weight"] == ["Сан 0,01ден кем болбошу керек."]
    line = errors(
        EstimateLineForm, {"item": "Цемент", "quantity": "көп", "unit_price": "-5"}, "ky"
    )
    assert line["quantity"][0] == "Санды цифра менен жазыңыз, мисалы 1500."
    assert line["unit_price"][0] == "Сан 0дөн кем болбошу керек."
    for messages in [*criterion.values(), *line.values()]:
        for message in messages:
            assert message[0].isupper()
            assert not any(phrase in message for phrase in DJANGO_PHRASES), message


def test_choice_and_email_messages():
    class F(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A")])
        email = forms.EmailField()

    found = errors(F, {"kind": "x", "email": "zz"}, "ky")
    assert found == {
        "kind": ["Тизмеден бирин тандаңыз."],
        "email": ["Электрондук почтанын дарегин толук жазыңыз (@ белгиси менен)."],
    }


@pytest.mark.django_db
def test_model_checks_speak_plainly_too():
    from django.core.exceptions import ValidationError

    from municipality.models import Village

    with translation.override("ky"):
        try:
            Village(name="").full_clean()
        except ValidationError as error:
            messages = error.message_dict["name"]
        assert messages == ["Бул талааны толтуруңуз."]
