"""Helpers the budget's public and office views share."""

from django.urls import reverse
from django.utils import timezone


def url_to(name, **kwargs):
    """The address of a named page with keyword arguments."""
    return reverse(name, kwargs=kwargs or None)


def year_param(request, years):
    """The year asked for in ?year=, or the current one, or the newest with data."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in years:
        current = timezone.localdate().year
        year = current if current in years else (years[0] if years else None)
    return year
