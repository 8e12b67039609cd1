"""Reads of the municipality's list of local issues and of its age (seed 004, 2.5)."""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation

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


#: What a publication freezes of each entry, in both languages (see `local_issue_snapshot`).
SNAPSHOT_TEXTS = ("title", "description")


def local_issue_snapshot(issue: LocalIssue) -> dict:
    """One entry as a publication keeps it: the draft may change, the published list not."""
    reference = issue.reference
    item = {
        "id": issue.pk,
        "priority": issue.priority,
        "number": reference.number if reference else None,
        "legal_basis_ky": reference.legal_basis_ky if reference else "",
        "legal_basis_ru": reference.legal_basis_ru if reference else "",
    }
    for name in SNAPSHOT_TEXTS:
        item[f"{name}_ky"] = getattr(issue, f"{name}_ky") or ""
        item[f"{name}_ru"] = getattr(issue, f"{name}_ru") or getattr(issue, f"{name}_ky") or ""
    return item


def _shown(item: dict, language: str) -> SimpleNamespace:
    suffix = "ru" if language == "ru" else "ky"
    reference = None
    if item["number"] is not None:
        reference = SimpleNamespace(
            number=item["number"], legal_basis=item.get(f"legal_basis_{suffix}", "")
        )
    return SimpleNamespace(
        pk=item["id"],
        priority=item["priority"],
        title=item[f"title_{suffix}"],
        description=item[f"description_{suffix}"],
        reference=reference,
    )


def local_issues_published(publication: LocalIssueList | None) -> list:
    """The entries as last published, in the page's language (live for older publications)."""
    if publication is None:
        return []
    if publication.items is None:  # published before publications kept their entries
        return local_issues_current()
    language = translation.get_language() or settings.LANGUAGE_CODE
    return [_shown(item, language) for item in publication.items]


def local_issues_draft_changes(publication: LocalIssueList | None) -> dict:
    """The draft against the last publication: entry ids added and changed, entries removed."""
    current = {issue.pk: local_issue_snapshot(issue) for issue in local_issues_current()}
    published = {item["id"]: item for item in (publication.items or [])} if publication else {}
    if publication is not None and publication.items is None:
        published = dict(current)  # an older publication: nothing to compare with
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "added": {pk for pk in current if pk not in published},
        "changed": {
            pk for pk, item in current.items() if pk in published and published[pk] != item
        },
        "removed": [_shown(item, language) for pk, item in published.items() if pk not in current],
    }
