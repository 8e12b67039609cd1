"""Reads of the municipality's list of local issues and of its age (seed 004, 2.5)."""

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from municipality.models import LocalIssue, LocalIssueList, LocalIssueReference


def local_issues_current() -> list[LocalIssue]:
    """The entries on the list now, most important first, with their legal-list item."""
    return list(
        LocalIssue.objects.filter(is_active=True)
        .select_related("reference")
        .order_by("priority", "reference__number", "pk")
    )


def local_issue_references() -> QuerySet[LocalIssueReference]:
    """The items of the legal list in force, for choosing an entry."""
    return LocalIssueReference.objects.filter(is_active=True).order_by("number")


def local_issues_last_publication() -> LocalIssueList | None:
    return LocalIssueList.objects.select_related("published_by").order_by("-published_at").first()


def local_issues_published_at() -> datetime.datetime | None:
    """When the list was last published (confirmed up to date), or None if never."""
    return (
        LocalIssueList.objects.order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def local_issues_list_age(today: datetime.date | None = None, published_at=None) -> int | None:
    """Days since the list was last published, or None if it never was."""
    published_at = published_at if published_at is not None else local_issues_published_at()
    if published_at is None:
        return None
    today = today or timezone.localdate()
    return (today - timezone.localtime(published_at).date()).days


def local_issues_due_date(published_at=None) -> datetime.date | None:
    """The last day the list counts as up to date, or None if it was never published."""
    published_at = published_at if published_at is not None else local_issues_published_at()
    if published_at is None:
        return None
    return timezone.localtime(published_at).date() + datetime.timedelta(
        days=settings.LOCAL_ISSUES_MAX_AGE_DAYS
    )


def local_issues_publications(limit: int = 10) -> list[LocalIssueList]:
    """The latest publications of the list, newest first, with who published them."""
    return list(
        LocalIssueList.objects.select_related("published_by").order_by("-published_at")[:limit]
    )


def local_issues_is_stale(today: datetime.date | None = None, published_at=None) -> bool:
    """True when the list was never published or is older than LOCAL_ISSUES_MAX_AGE_DAYS."""
    age = local_issues_list_age(today, published_at=published_at)
    return age is None or age > settings.LOCAL_ISSUES_MAX_AGE_DAYS
