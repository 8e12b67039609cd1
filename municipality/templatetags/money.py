"""{% load money %}: {{ amount|som }} → "78 000"; {{ amount|som_words }} → the sum in words."""

from django import template
from django.utils.translation import get_language

from municipality.money import som_amount
from municipality.money import som_words as spell

register = template.Library()


@register.filter
def som(value) -> str:
    """An amount in whole som, grouped: 78 000."""
    return som_amount(value)


@register.filter
def som_words(value, language: str = "") -> str:
    """78 000 (жетимиш сегиз миң) сом 00 тыйын, in the language being rendered (or the one given)."""
    if value is None or value == "":
        return "—"
    return spell(value, language or (get_language() or "ky")[:2])
