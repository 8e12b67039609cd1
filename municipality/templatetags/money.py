"""{% load money %}: {{ amount|som }} → "78 000"; {{ amount|som_words }} → the sum in words."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language, gettext

from municipality.money import group_digits, som_amount
from municipality.money import som_words as spell

register = template.Library()


@register.filter
def som(value) -> str:
    """An amount in whole som, grouped: 78 000 (anything that is not a number as it is)."""
    try:
        return som_amount(value)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)


@register.filter
def som_words(value, language: str = "") -> str:
    """78 000 (жетимиш сегиз миң) сом 00 тыйын, in the language being rendered (or the one given)."""
    if value is None or value == "":
        return "—"
    return spell(value, language or (get_language() or "ky")[:2])


@register.filter
def som_sum(value) -> str:
    """A sum with its unit, one way on every web page: "39 000 сом"; tyiyn only if any
    ("12,50 сом"). CSV and JSON keep raw numbers; PDFs have their own filters."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    whole = int(amount)
    tyiyn = int(abs(amount - whole) * 100)
    text = group_digits(abs(whole))
    if amount < 0:
        text = "−" + text
    if tyiyn:
        text += f",{tyiyn:02d}"
    return f"{text}\u00a0{gettext('som')}"


@register.filter
def quantity(value) -> str:
    """A quantity without trailing zeros: 3.00 → "3", 2.50 → "2,5", 1200 → "1 200"."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    if number == number.to_integral_value():
        return group_digits(int(number))
    whole, fraction = format(number, "f").split(".")
    return f"{group_digits(int(whole))},{fraction}"
