"""Helpers the budget's public and office views share."""

from django.urls import reverse
from django.utils import timezone

from municipality.pagination import list_page

from .. import selectors


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


def hearings_context(request, *, include_drafts: bool = False) -> dict:
    """The upcoming hearings whole and a page of the past ones (`?page=`)."""
    context = selectors.hearing_list(include_drafts=include_drafts)
    page = list_page(request, context["past"])
    context.update(past=page.object_list, page_obj=page)
    return context
