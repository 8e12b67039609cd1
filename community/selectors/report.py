"""The annual report to the population: every figure from the portal's own records."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from budget.models import BudgetLine, Proposal
from engagement_plan.models import Activity, Comment
from initiatives.models import Application, Contest, Support
from monitoring.models import Protocol, Recommendation
from municipality.models import Person
from municipality.selectors.attendance import attendance_year_totals

from ..models import (
    AnnualReport,
    Assessment,
    Gathering,
    InitiativeGroupMember,
    Priority,
    Problem,
)
from .threads import priority_threads


def report_priorities(*, year: int) -> QuerySet[Priority]:
    """The priorities a year's report tells about: raised that year, or still open."""
    raised = Problem.objects.filter(assessment__held_on__year=year).values("priority")
    return Priority.objects.filter(
        Q(pk__in=raised) | Q(status=Priority.Status.OPEN, created_at__year__lte=year)
    ).distinct()


def participation_people(*, year: int) -> dict:
    """How many different people took part in the year's named records, and how many once.

    Attendance counts are anonymous, so only records that name a person count: a seat in
    an initiative group formed that year (a person of the register), a contest application
    submitted that year, a public support, a budget hearing proposal and a comment on the
    plan written that year (an account). An account linked to a register person is the
    same person. Each record is one participation.
    """

    person_of_user = dict(Person.objects.filter(user__isnull=False).values_list("user_id", "pk"))
    counts: dict[tuple, int] = defaultdict(int)

    def add_user(user_id):
        if user_id is None:
            return
        key = ("p", person_of_user[user_id]) if user_id in person_of_user else ("u", user_id)
        counts[key] += 1

    for person_id in InitiativeGroupMember.objects.filter(
        group__formed_on__year=year, person__isnull=False
    ).values_list("person_id", flat=True):
        counts[("p", person_id)] += 1
    for user_id in Application.objects.filter(submitted_at__year=year).values_list(
        "applicant_id", flat=True
    ):
        add_user(user_id)
    for user_id in Support.objects.filter(created_at__year=year).values_list("user_id", flat=True):
        add_user(user_id)
    for user_id in Proposal.objects.filter(created_at__year=year).values_list(
        "author_id", flat=True
    ):
        add_user(user_id)
    for user_id in Comment.objects.filter(created_at__year=year).values_list(
        "author_id", flat=True
    ):
        add_user(user_id)
    return {
        "people": len(counts),
        "once": sum(1 for n in counts.values() if n == 1),
        "records": sum(counts.values()),
    }


def report_figures(*, year: int) -> dict:
    """Every figure of the year's report, computed from the portal's own records."""

    year_end = datetime.date(year, 12, 31)
    today = min(timezone.localdate(), year_end)
    priorities = list(report_priorities(year=year).select_related("local_issue"))
    activities = Activity.objects.filter(Q(deadline__year=year) | Q(held_on__year=year)).exclude(
        status=Activity.Status.CANCELLED
    )
    done = activities.filter(status=Activity.Status.DONE)
    overdue = activities.filter(
        status__in=(Activity.Status.PLANNED, Activity.Status.IN_PROGRESS), deadline__lt=today
    )
    lines = list(BudgetLine.objects.filter(year=year).select_related("category"))
    planned = sum((line.planned for line in lines), Decimal("0"))
    actual = sum((line.actual or Decimal("0") for line in lines), Decimal("0"))
    contests = list(
        Contest.objects.filter(window_opens__year=year).exclude(status=Contest.Status.DRAFT)
    )
    selected = list(
        Application.objects.filter(
            contest__in=contests, status=Application.Status.SELECTED
        ).select_related("contest")
    )
    protocols = Protocol.objects.public().filter(visit_date__year=year)
    recommendations = Recommendation.objects.filter(protocol__in=protocols)
    answered = recommendations.filter(
        status__in=(Recommendation.Status.ANSWERED, Recommendation.Status.RESOLVED)
    )
    attendance = attendance_year_totals(year=year)
    least = sorted(attendance["by_village"], key=lambda row: (row["people"], row["village"].order))
    return {
        "year": year,
        "priorities": priorities,
        "threads": priority_threads(priorities),
        "priorities_raised": Problem.objects.filter(
            assessment__held_on__year=year, priority__isnull=False
        )
        .values("priority")
        .distinct()
        .count(),
        "assessments": Assessment.objects.filter(held_on__year=year).count(),
        "gatherings_held": Gathering.objects.filter(
            status=Gathering.Status.HELD, held_on__year=year
        ).count(),
        "activities_done": list(done),
        "activities_overdue": list(overdue),
        "budget_lines": lines,
        "budget_planned": planned,
        "budget_actual": actual,
        "contests": contests,
        "projects_selected": selected,
        "protocols": protocols.count(),
        "recommendations": recommendations.count(),
        "recommendations_answered": answered.count(),
        "attendance": attendance,
        "villages_least": least[:3],
        "participation": participation_people(year=year),
    }


def report_pdf_context(*, report: AnnualReport, language: str = "ky") -> dict:
    return {"report": report, "figures": report_figures(year=report.year)}
