"""Reads of the community app, including the thread of a priority through the eight steps.

The thread reads the other apps' models (plan activities, budget lines, contest
applications, monitoring protocols and recommendations) through the links kept here;
a fixed number of queries serves any number of priorities.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.models import Village
from municipality.selectors.attendance import attendance_year_totals

from .models import (
    AnnualReport,
    Assessment,
    Gathering,
    InitiativeGroup,
    InitiativeGroupMember,
    Priority,
    PriorityLink,
    Problem,
)

#: The eight steps of seed 000's cycle, in order.
STEPS = (
    ("raised", _("Priorities identified together")),
    ("group", _("Initiative group")),
    ("plan", _("Action plan of the ayil okmotu and the population")),
    ("budget", _("Reflected in the local budget")),
    ("implementation", _("Plan and budget carried out")),
    ("monitoring", _("Monitoring")),
    ("evaluation", _("Evaluation")),
    ("report", _("Report of the ayil okmotu to the population")),
)


@dataclass
class Step:
    key: str
    number: int
    label: str
    date: datetime.date | None = None
    items: list = field(default_factory=list)  # (text, url or "") pairs

    @property
    def done(self) -> bool:
        return self.date is not None


@dataclass
class Thread:
    priority: Priority
    steps: list[Step]

    @property
    def stuck_at(self) -> Step | None:
        """The first step not reached yet; None when all eight are done."""
        return next((step for step in self.steps if not step.done), None)

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _earliest(dates) -> datetime.date | None:
    dates = [_day(d) for d in dates if d is not None]
    return min(dates) if dates else None


def priorities_register() -> QuerySet[Priority]:
    return Priority.objects.select_related("local_issue").prefetch_related("villages")


def priority_threads(priorities) -> list[Thread]:
    """The thread of each priority, in a fixed number of queries however many there are."""
    from monitoring.models import Protocol, Recommendation

    priorities = list(priorities)
    ids = [p.pk for p in priorities]
    problems = defaultdict(list)
    for problem in Problem.objects.filter(priority__in=ids).select_related("assessment__village"):
        problems[problem.priority_id].append(problem)
    groups = defaultdict(list)
    for group in InitiativeGroup.objects.filter(priority__in=ids):
        groups[group.priority_id].append(group)
    links = defaultdict(list)
    for link in PriorityLink.objects.filter(priority__in=ids).select_related(
        "plan_activity", "budget_line__category", "application__contest", "protocol"
    ):
        links[link.priority_id].append(link)
    # Protocols reach a priority directly or through the monitoring subject of a linked
    # activity, budget line or application.
    targets = defaultdict(set)
    for rows in links.values():
        for link in rows:
            for name in ("plan_activity", "budget_line", "application"):
                obj = getattr(link, name)
                if obj is not None:
                    targets[type(obj)].add(obj.pk)
    condition = Q(pk__in=[link.protocol_id for rows in links.values() for link in rows])
    for model, pks in targets.items():
        content_type = ContentType.objects.get_for_model(model)  # cached after the first
        condition |= Q(subject__target_type=content_type, subject__target_id__in=pks)
    protocols = list(
        Protocol.objects.public()
        .filter(condition)
        .select_related("subject")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("pk"))
        )
    )
    reports = defaultdict(list)
    for row in AnnualReport.priorities.through.objects.filter(priority__in=ids).select_related(
        "annualreport"
    ):
        if row.annualreport.status == AnnualReport.Status.PUBLISHED:
            reports[row.priority_id].append(row.annualreport)

    threads = []
    for priority in priorities:
        steps = [Step(key=key, number=n, label=label) for n, (key, label) in enumerate(STEPS, 1)]
        by_key = {step.key: step for step in steps}
        raised = problems[priority.pk]
        by_key["raised"].date = _earliest(p.assessment.held_on for p in raised) or _day(
            priority.created_at
        )
        by_key["raised"].items = [
            (f"{p.assessment.village}, {p.assessment.held_on:%d.%m.%Y}: {p.title}", "")
            for p in raised
        ]
        by_key["group"].date = _earliest(g.formed_on for g in groups[priority.pk])
        by_key["group"].items = [(g.name, "") for g in groups[priority.pk]]
        own = {}
        implemented = []
        for link in links[priority.pk]:
            if link.plan_activity_id:
                activity = link.plan_activity
                by_key["plan"].items.append((activity.title, ""))
                own.setdefault("plan", []).append(link.created_at)
                if activity.status == activity.Status.DONE:
                    implemented.append(activity.held_on or activity.updated_at)
                own.setdefault(("activity", activity.pk), True)
            elif link.budget_line_id:
                line = link.budget_line
                by_key["budget"].items.append((str(line), ""))
                own.setdefault("budget", []).append(link.created_at)
                if line.actual is not None:
                    implemented.append(datetime.date(line.year, 12, 31))
                own.setdefault(("line", line.pk), True)
            elif link.application_id:
                application = link.application
                by_key["implementation"].items.append(
                    (f"{application.contest}: {application.title}", "")
                )
                if application.status == application.Status.SELECTED:
                    implemented.append(application.updated_at)
                own.setdefault(("application", application.pk), True)
        by_key["plan"].date = _earliest(own.get("plan", []))
        by_key["budget"].date = _earliest(own.get("budget", []))
        by_key["implementation"].date = _earliest(implemented)
        mine = []
        direct = {link.protocol_id for link in links[priority.pk] if link.protocol_id}
        keys = {
            "engagement_plan.activity": "activity",
            "budget.budgetline": "line",
            "initiatives.application": "application",
        }
        for protocol in protocols:
            subject = protocol.subject
            label = None
            if subject.target_type_id:
                ct = ContentType.objects.get_for_id(subject.target_type_id)
                label = keys.get(f"{ct.app_label}.{ct.model}")
            if protocol.pk in direct or (label and (label, subject.target_id) in own):
                mine.append(protocol)
        by_key["monitoring"].date = _earliest(p.visit_date or p.signed_at for p in mine)
        by_key["monitoring"].items = [(str(p), p.get_absolute_url()) for p in mine]
        recommendations = [r for p in mine for r in p.recommendations.all()]
        answered = [r for r in recommendations if r.answered_at]
        if recommendations and len(answered) == len(recommendations):
            by_key["evaluation"].date = _earliest(r.answered_at for r in answered)
        by_key["evaluation"].items = [
            (f"{r.text[:120]} — {r.get_status_display()}", "") for r in recommendations
        ]
        told = reports[priority.pk]
        by_key["report"].date = _earliest(r.published_at for r in told)
        by_key["report"].items = [(str(r.year), r.get_absolute_url()) for r in told]
        threads.append(Thread(priority=priority, steps=steps))
    return threads


def priority_thread(priority: Priority) -> Thread:
    return priority_threads([priority])[0]


def gatherings_public() -> QuerySet[Gathering]:
    return Gathering.objects.select_related("village", "document")


def gathering_detail(pk: int) -> Gathering:
    return Gathering.objects.select_related("village", "attendance", "document", "notice").get(
        pk=pk
    )


def assessments_public() -> QuerySet[Assessment]:
    return Assessment.objects.select_related("village", "attendance").prefetch_related(
        Prefetch("problems", queryset=Problem.objects.select_related("priority"))
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


# The annual report


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
    from budget.models import Proposal
    from engagement_plan.models import Comment
    from initiatives.models import Application, Support
    from municipality.models import Person

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
    from budget.models import BudgetLine
    from engagement_plan.models import Activity
    from initiatives.models import Application, Contest
    from monitoring.models import Protocol, Recommendation

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


def villages() -> QuerySet[Village]:
    return Village.objects.all()
