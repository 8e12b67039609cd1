"""Reads of contests: lists, the contest page, search."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from municipality.pagination import rows_per_item
from municipality.selectors.search import excerpt, text_filter

from ..models import (
    Application,
    CommissionMember,
    Contest,
    Criterion,
    Support,
)
from .common import PUBLIC_APPLICATION_STATUSES, A, S


def contest_list_public():
    """Newest first from the index `contest_newest`. The count of applications is a
    subquery, not a join: a page computes it for its own rows, and the paginator's COUNT
    leaves it out (ten years: 1 000 contests, 10 000 applications)."""
    submitted = Application.objects.filter(status__in=PUBLIC_APPLICATION_STATUSES)
    return (
        Contest.objects.exclude(status=S.DRAFT)
        .order_by("-window_opens", "-pk")
        .prefetch_related("directions")
        .annotate(submitted_count=rows_per_item(submitted, item="contest"))
    )


def contest_list_office():
    """Every contest, drafts too, newest first from the index `contest_newest`; the counts
    of applications are subqueries a page computes for its own rows (see above)."""

    def applications(**where):
        return rows_per_item(Application.objects.filter(**where), item="contest")

    return (
        Contest.objects.order_by("-window_opens", "-pk")
        .prefetch_related("directions")
        .annotate(
            submitted_count=applications(status__in=PUBLIC_APPLICATION_STATUSES),
            draft_count=applications(status=A.DRAFT),
        )
    )


def contest_get(pk: int) -> Contest:
    return get_object_or_404(
        Contest.objects.select_related(
            "resolution_document",
            "commission_order",
            "protocol",
            "results_order",
            "announcement",
            "winners_notice",
        ).prefetch_related(
            "directions",
            "files",
            "criteria",
            Prefetch("members", queryset=CommissionMember.objects.select_related("user")),
        ),
        pk=pk,
    )


def contest_public_applications(contest: Contest):
    """Submitted applications' public parts (the template never shows contacts)."""
    return (
        contest.applications.filter(status__in=PUBLIC_APPLICATION_STATUSES)
        .select_related("village")
        .prefetch_related("local_issues")
        .annotate(support_count=Count("supports"))
        .order_by("sequence")
    )


def supported_by(user, contest: Contest) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Support.objects.filter(user=user, application__contest=contest).values_list(
            "application_id", flat=True
        )
    )


def contest_office_applications(contest: Contest):
    return (
        contest.applications.exclude(status=A.DRAFT)
        .select_related("village", "applicant")
        .order_by("sequence")
    )


def criteria_for(contest: Contest):
    return Criterion.objects.filter(contest=contest)


def contests_search(*, query: str, limit: int) -> list[dict]:
    """Announced and later contests whose title or description matches (the portal search)."""
    fields = ["title_ky", "title_ru", "description_ky", "description_ru"]
    contests = text_filter(Contest.objects.exclude(status=S.DRAFT), fields, query)
    return [
        {
            "kind": _("Contest"),
            "title": c.title,
            "url": c.get_absolute_url(),
            "text": excerpt(c.description, query),
            "date": c.window_opens,
        }
        for c in contests.order_by("-window_opens", "-pk")[:limit]
    ]
