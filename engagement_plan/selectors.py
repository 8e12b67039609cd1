"""Reads of the engagement plan: the public page, statistics, reminders."""

import datetime
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from community.models import Gathering, Priority
from municipality.models import OfficialDocument, Village
from municipality.models.attendance import AGE_BANDS, SEX
from municipality.selectors.search import excerpt, text_filter

from .dates import add_years
from .models import (
    PUBLIC_STATUSES,
    Activity,
    Comment,
    Plan,
    WorkingGroup,
    WorkingGroupMember,
    sort_members,
)


def plan_in_force() -> Plan | None:
    """The plan residents live under: in force, or under revision until its successor is."""
    return (
        Plan.objects.filter(status__in=(Plan.Status.IN_FORCE, Plan.Status.REVISED))
        .order_by("-in_force_at", "-pk")
        .first()
    )


def plan_under_discussion() -> Plan | None:
    return Plan.objects.filter(status=Plan.Status.DISCUSSION).order_by("-pk").first()


def plan_approved_pending() -> Plan | None:
    return Plan.objects.filter(status=Plan.Status.APPROVED).order_by("-pk").first()


def plan_public_list():
    """Every version residents may read, newest first (the history of versions)."""
    return Plan.objects.filter(status__in=PUBLIC_STATUSES).order_by(
        "-period_start", "-version", "-pk"
    )


def plan_versions(plan: Plan) -> list[Plan]:
    """The public versions of this plan only (its predecessors and successors through
    `previous`), newest first; one query whatever the length of the chain."""
    plans = {p.pk: p for p in Plan.objects.all()}
    following = {p.previous_id: p.pk for p in plans.values() if p.previous_id}
    chain, node = [], plan.pk
    while node in plans and node not in chain:
        chain.append(node)
        node = plans[node].previous_id
    node = following.get(plan.pk)
    while node is not None and node not in chain:
        chain.insert(0, node)
        node = following.get(node)
    return [plans[pk] for pk in chain if plans[pk].status in PUBLIC_STATUSES]


def plan_detail(*, pk: int) -> Plan:
    """A plan with everything its page shows, in a fixed number of queries."""
    return (
        Plan.objects.select_related(
            "working_group__order", "approval_order", "plan_document", "previous"
        )
        .prefetch_related(
            "local_issues",
            Prefetch(
                "assessment_priorities",
                queryset=Priority.objects.prefetch_related("villages").order_by("rank", "pk"),
            ),
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("attendance").prefetch_related(
                    "local_issues", "photos", "attendance__villages"
                ),
            ),
            Prefetch("comments", queryset=Comment.objects.select_related("author")),
            Prefetch(
                "gatherings",
                queryset=Gathering.objects.filter(status=Gathering.Status.HELD)
                .select_related("attendance", "document")
                .prefetch_related("attendance__villages")
                .order_by("held_on", "pk"),
            ),
        )
        .get(pk=pk)
    )


def plan_documents(plan: Plan) -> list[OfficialDocument]:
    """The plan's own documents and the working group's order."""
    docs = list(
        OfficialDocument.objects.filter(
            subject_type=ContentType.objects.get_for_model(Plan), subject_id=plan.pk
        ).order_by("date", "pk")
    )
    if plan.working_group_id and plan.working_group.order_id:
        docs.insert(0, plan.working_group.order)
    return docs


def plan_progress(plan: Plan) -> list[dict]:
    """Per direction: how many activities, done, in progress, cancelled (from prefetched rows)."""
    rows = []
    activities = list(plan.activities.all())
    for value, label in Activity.Direction.choices:
        items = [a for a in activities if a.direction == value]
        counts = Counter(a.status for a in items)
        active = len(items) - counts[Activity.Status.CANCELLED]
        rows.append(
            {
                "direction": value,
                "label": label,
                "total": len(items),
                "done": counts[Activity.Status.DONE],
                "in_progress": counts[Activity.Status.IN_PROGRESS],
                "planned": counts[Activity.Status.PLANNED],
                "cancelled": counts[Activity.Status.CANCELLED],
                "percent": round(100 * counts[Activity.Status.DONE] / active) if active else 0,
            }
        )
    return rows


def participation_statistics(plan: Plan) -> dict:
    """Totals by sex, age group and village over the plan's recorded events.

    Counts the evidence of done activities and the village gatherings, so staff see
    whether the same few people come and whether remote villages are missed.
    """
    events = [a.attendance for a in plan.activities.all() if a.attendance_id]
    events += [g.attendance for g in plan.gatherings.all() if g.attendance_id]
    events = [e for e in events if e.total is not None]
    total = sum(e.total for e in events)
    by_sex = [
        {"label": capfirst(label), "value": sum(getattr(e, field) or 0 for e in events)}
        for _key, field, label in SEX
    ]
    by_age = [
        {"label": capfirst(label), "value": sum(getattr(e, field) or 0 for e in events)}
        for _key, field, label in AGE_BANDS
    ]
    legacy = Counter()
    for event in events:
        for label, count in event.legacy_age_bands:
            legacy[str(label)] += count
    by_age += [
        {
            "label": gettext("Aged %(label)s (counted earlier)") % {"label": label},
            "value": count,
        }
        for label, count in legacy.items()
    ]
    village_counts = Counter()
    for event in events:
        for row in event.villages.all():
            village_counts[row.village_id] += row.count
    by_village = [
        {"label": village.name, "value": village_counts.get(village.pk, 0)}
        for village in Village.objects.all()
    ]
    return {
        "events": len(events),
        "total": total,
        "groups": [
            {"key": "sex", "rows": by_sex},
            {"key": "age", "rows": by_age},
            {"key": "village", "rows": by_village},
        ],
    }


def working_group_list():
    return WorkingGroup.objects.select_related("order").prefetch_related("members")


def plan_office_list():
    return Plan.objects.select_related("working_group", "previous").order_by("-pk")


def activities_overdue(today: datetime.date | None = None):
    """Activities whose deadline passed without evidence, in plans being carried out."""
    today = today or timezone.localdate()
    return (
        Activity.objects.filter(
            deadline__lt=today,
            held_on__isnull=True,
            status__in=(Activity.Status.PLANNED, Activity.Status.IN_PROGRESS),
            plan__status__in=(Plan.Status.APPROVED, Plan.Status.IN_FORCE, Plan.Status.REVISED),
        )
        .select_related("plan")
        .order_by("deadline", "pk")
    )


def plans_due_for_review(today: datetime.date | None = None):
    """Plans in force approved more than twelve months ago (4.11: review once a year)."""
    today = today or timezone.localdate()
    cutoff = add_years(day=today, years=-1)
    return Plan.objects.filter(status=Plan.Status.IN_FORCE, approved_at__date__lt=cutoff).order_by(
        "approved_at"
    )


def working_group_pdf_context(*, group: WorkingGroup, document) -> dict:
    """What the working-group order lists: the members by category."""
    members = sort_members(group.members.all())
    return {
        "group": group,
        "members": members,
        "categories": [
            (label, [m for m in members if m.category == value])
            for value, label in WorkingGroupMember.Category.choices
        ],
    }


def plan_pdf_context(*, plan: Plan, document) -> dict:
    """What the plan and its approval order print: activities by direction, inputs, group."""
    activities = list(
        plan.activities.prefetch_related("local_issues").order_by("direction", "deadline", "pk")
    )
    return {
        "plan": plan,
        "order": plan.approval_order,
        "activities": activities,
        "directions": [
            (label, [a for a in activities if a.direction == value])
            for value, label in Activity.Direction.choices
        ],
        "local_issues": list(plan.local_issues.all()),
        "priorities": list(
            plan.assessment_priorities.prefetch_related("villages").order_by("rank", "pk")
        ),
        "group_members": list(plan.working_group.members.all()) if plan.working_group else [],
        # the head's reason for approving with unanswered comments or an empty direction
        "approval_justification": plan.approval_justification,
    }


def plans_search(*, query: str, limit: int) -> list[dict]:
    """Plans residents may read, and plans holding a matching activity (the portal search)."""
    fields = ["title_ky", "title_ru", "summary_ky", "summary_ru"]
    plans = text_filter(Plan.objects.filter(status__in=PUBLIC_STATUSES), fields, query)
    return [
        {
            "kind": gettext("Engagement plan"),
            "title": str(p),
            "url": p.get_absolute_url(),
            "text": excerpt(p.summary, query),
            "date": None,
        }
        for p in plans.order_by("-period_start", "-version", "-pk")[:limit]
    ]
