"""`{% load dates %}`: `{{ value|official_date }}`, `{{ value|official_datetime }}` (D30)."""

from django import template

from municipality import dates

register = template.Library()


@register.filter
def official_date(value):
    """``2026-жылдын 12-майы`` in Kyrgyz, ``12 мая 2026 г.`` in Russian."""
    return dates.official_date(value)


@register.filter
def official_datetime(value):
    """``2026-жылдын 12-майы, саат 10:00`` in Kyrgyz, ``12 мая 2026 г., 10:00`` in Russian."""
    return dates.official_datetime(value)
