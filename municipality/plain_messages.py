"""Validator and field messages a villager understands, in place of Django's defaults.

Django's Kyrgyz catalogue says "10 карата кичине же барабар маани болгонун текшериңиз" or the
informal "Толук сан киргиз."; ours say "Сан 0дөн 10го чейин болушу керек." One place for the
whole project: ``install_plain_messages()`` runs when the kernel's AppConfig module is imported,
before any form class is built, and replaces the default messages of Django's validators and
form fields. A message a form sets itself still wins.

Kyrgyz numbers take case endings that follow the sound of the number's last word ("0дөн",
"10дон", "50дөн", "10го", "4кө"). A ``PlainMessage`` fills them in when the error is shown:
for every number ``x`` among the error's parameters it adds ``x_from`` (ablative, "-дан")
and ``x_to`` (dative, "-га") — in Kyrgyz with the ending, in other languages the bare number.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core import validators
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The last word of a number as it is read aloud decides the ending.
_ONES = ["", "бир", "эки", "үч", "төрт", "беш", "алты", "жети", "сегиз", "тогуз"]
_TENS = ["", "он", "жыйырма", "отуз", "кырк", "элүү", "алтымыш", "жетимиш", "сексен", "токсон"]
_VOICELESS = set("пткфсшщчцх")
# Last vowel of the word → the vowel of the ending: о→о, у→а ("отузга", "сууга"), ү/ө→ө.
_HARMONY = {
    "а": "а",
    "ы": "а",
    "о": "о",
    "у": "а",
    "е": "е",
    "э": "е",
    "и": "е",
    "ө": "ө",
    "ү": "ө",
}


def _last_word(number) -> str:
    text = format(Decimal(str(number)).normalize(), "f") if not isinstance(number, int) else ""
    if text and "." in text:
        digits = text.split(".")[1]
        return _last_word(int(digits[-1])) if digits[-1] != "0" else _last_word(int(digits))
    n = abs(int(number))
    if n == 0:
        return "нөл"
    if n % 10:
        return _ONES[n % 10]
    if n % 100:
        return _TENS[(n % 100) // 10]
    if n % 1000:
        return "жүз"
    if n % 1_000_000:
        return "миң"
    if n % 1_000_000_000:
        return "миллион"
    return "миллиард"


def _ending(word: str, case: str) -> str:
    vowel = next((_HARMONY[c] for c in reversed(word) if c in _HARMONY), "а")
    voiceless = word[-1] in _VOICELESS
    if case == "from":
        return ("т" if voiceless else "д") + vowel + "н"
    return ("к" if voiceless else "г") + vowel


def number_text(number) -> str:
    """12000 → "12 000", Decimal("2.50") → "2,5" (as numbers are written on our pages)."""
    if isinstance(number, float):
        number = Decimal(str(number))
    if isinstance(number, Decimal):
        number = number.normalize()
        if number == number.to_integral_value():
            number = int(number)
        else:
            whole, fraction = format(number, "f").split(".")
            return f"{int(whole):,}".replace(",", "\u00a0") + "," + fraction
    return f"{int(number):,}".replace(",", "\u00a0")


def ky_case(number, case: str) -> str:
    """The number with its Kyrgyz ending: case "from" (ablative) or "to" (dative)."""
    return number_text(number) + _ending(_last_word(number), case)


def with_cases(params: dict) -> dict:
    """The error's parameters plus ``x_from``/``x_to`` for every number ``x`` among them."""
    kyrgyz = (get_language() or "ky")[:2] == "ky"
    result = dict(params)
    for key, value in params.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            if isinstance(value, datetime.date):  # a date bound: 16.12.2026 in every case
                value = date_format(value, "d.m.Y")
            result.setdefault(f"{key}_from", value)
            result.setdefault(f"{key}_to", value)
            continue
        result[key] = number_text(value)
        for case in ("from", "to"):
            result[f"{key}_{case}"] = ky_case(value, case) if kyrgyz else number_text(value)
    return result


class PlainMessage:
    """A lazily translated message whose numbers get their case endings when filled in."""

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return str(self.text)

    def __mod__(self, params):
        try:
            if not isinstance(params, dict):
                return str(self.text) % params
            return str(self.text) % with_cases(params)
        except (KeyError, ValueError, TypeError):  # never a server error over a message
            return str(self.text)

    def __repr__(self):
        return f"PlainMessage({str(self.text)!r})"


class RangeMessage(PlainMessage):
    """For a field with both bounds: "Сан 0дөн 10го чейин болушу керек." whichever is broken."""

    def __init__(self, low, high):
        super().__init__(_("The number must be from %(low_from)s to %(high_to)s."))
        self.low, self.high = low, high

    def __mod__(self, params):
        return str(self.text) % with_cases({"low": self.low, "high": self.high})


MESSAGES = {
    "min_value": _("The number must not be less than %(limit_value_from)s."),
    "max_value": _("The number must not be greater than %(limit_value_from)s."),
    "min_length": _("Write at least %(limit_value)s characters (now %(show_value)s)."),
    "max_length": _("Write at most %(limit_value)s characters (now %(show_value)s)."),
    "max_digits": _("The number is too long: at most %(max)s digits."),
    "max_decimal_places": _("At most %(max)s digits after the decimal point."),
    "max_whole_digits": _("At most %(max)s digits before the decimal point."),
    "required": _("Please fill in this field."),
    "integer": _("Write a whole number with digits, for example 12."),
    "number": _("Write a number with digits, for example 1500."),
    "date": _("Write the date as 16.12.2026."),
    "time": _("Write the time as 14:30."),
    "datetime": _("Write the date and time as 16.12.2026 14:30."),
    "email": _("Write the whole e-mail address, with the @ sign."),
    "url": _("Write a web address beginning with https://."),
    "choice": _("Choose one of the options in the list."),
}


def _range_on_init(original):
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.min_value is None or self.max_value is None:
            return
        message = RangeMessage(self.min_value, self.max_value)
        for validator in self.validators:
            bounded = isinstance(
                validator, (validators.MinValueValidator, validators.MaxValueValidator)
            )
            if bounded and "message" not in vars(validator):
                validator.message = message

    __init__._plain_messages = True
    return __init__


def install_plain_messages() -> None:
    """Replace Django's default messages (idempotent)."""
    m = {key: PlainMessage(text) for key, text in MESSAGES.items()}
    validators.MinValueValidator.message = m["min_value"]
    validators.MaxValueValidator.message = m["max_value"]
    validators.MinLengthValidator.message = m["min_length"]
    validators.MaxLengthValidator.message = m["max_length"]
    validators.DecimalValidator.messages = {
        "invalid": m["number"],
        "max_digits": m["max_digits"],
        "max_decimal_places": m["max_decimal_places"],
        "max_whole_digits": m["max_whole_digits"],
    }
    validators.EmailValidator.message = m["email"]
    validators.URLValidator.message = m["url"]
    forms.Field.default_error_messages["required"] = m["required"]
    forms.IntegerField.default_error_messages["invalid"] = m["integer"]
    forms.FloatField.default_error_messages["invalid"] = m["number"]
    forms.DecimalField.default_error_messages["invalid"] = m["number"]
    forms.DateField.default_error_messages["invalid"] = m["date"]
    forms.TimeField.default_error_messages["invalid"] = m["time"]
    forms.DateTimeField.default_error_messages["invalid"] = m["datetime"]
    forms.URLField.default_error_messages["invalid"] = m["url"]
    forms.ChoiceField.default_error_messages["invalid_choice"] = m["choice"]
    forms.ModelChoiceField.default_error_messages["invalid_choice"] = m["choice"]
    forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"] = m["choice"]
    forms.ModelMultipleChoiceField.default_error_messages["invalid_pk_value"] = m["choice"]
    # What a model's own check says when a form leaves a field to it.
    models.Field.default_error_messages["blank"] = m["required"]
    models.Field.default_error_messages["null"] = m["required"]
    models.Field.default_error_messages["invalid_choice"] = m["choice"]
    if not getattr(forms.IntegerField.__init__, "_plain_messages", False):
        forms.IntegerField.__init__ = _range_on_init(forms.IntegerField.__init__)
