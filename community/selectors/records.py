"""Reads of gatherings, assessment meetings, problems and initiative groups."""

from django.db.models import Prefetch, QuerySet

from engagement_plan.models import PUBLIC_STATUSES, Plan
from municipality.models import Village

from ..models import (
    Assessment,
    Gathering,
    InitiativeGroup,
    InitiativeGroupMember,
    Priority,
    Problem,
)


def gatherings_public() -> QuerySet[Gathering]:
    """Newest first (index `gathering_newest`)."""
    return Gathering.objects.select_related("village", "document").order_by("-starts_at", "-pk")


def gathering_detail(pk: int) -> Gathering:
    """A gathering with its page's records; `public_plans`: the plans (residents may read)
    whose public discussion it is."""
    return (
        Gathering.objects.select_related("village", "attendance", "document", "notice")
        .prefetch_related(
            Prefetch(
                "plans",
                queryset=Plan.objects.filter(status__in=PUBLIC_STATUSES),
                to_attr="public_plans",
            )
        )
        .get(pk=pk)
    )


def assessments_public() -> QuerySet[Assessment]:
    """Newest first (index `assessment_newest`)."""
    return (
        Assessment.objects.select_related("village", "attendance")
        .prefetch_related(
            Prefetch("problems", queryset=Problem.objects.select_related("priority"))
        )
        .order_by("-held_on", "-pk")
    )


def problems_unassigned() -> QuerySet[Problem]:
    return Problem.objects.filter(priority__isnull=True).select_related("assessment__village")


def initiative_groups_of(priority: Priority) -> list[InitiativeGroup]:
    return list(
        priority.initiative_groups.prefetch_related(
            Prefetch("members", queryset=InitiativeGroupMember.objects.select_related("person"))
        )
    )


def gathering_pdf_context(*, gathering: Gathering) -> dict:
    gathering = gathering_detail(gathering.pk)
    return {"gathering": gathering, "attendance": gathering.attendance}


def villages() -> QuerySet[Village]:
    return Village.objects.all()
