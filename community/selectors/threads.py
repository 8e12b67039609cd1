"""The thread of a priority through the eight steps of seed 000's cycle.

The thread reads the other apps' models (plan activities, budget lines, contest
applications, monitoring protocols and recommendations) through the links kept here;
a fixed number of queries serves any number of priorities.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement_plan.models import PUBLIC_STATUSES, Plan
from monitoring.models import Protocol, Recommendation

from ..models import AnnualReport, Gathering, InitiativeGroup, Priority, PriorityLink, Problem

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

#: The monitoring subject's target → the key a linked object is known by in a thread.
_SUBJECT_KEYS = {
    "engagement_plan.activity": "activity",
    "budget.budgetline": "line",
    "initiatives.application": "application",
}


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


@dataclass
class _Records:
    """What the threads are built from, each loaded in one query for all priorities."""

    problems: dict
    groups: dict
    links: dict
    protocols: list
    reports: dict
    plans: dict
    discussions: dict


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _earliest(dates) -> datetime.date | None:
    dates = [_day(d) for d in dates if d is not None]
    return min(dates) if dates else None


def priorities_register() -> QuerySet[Priority]:
    """The register with what every page of it shows, by rank (index `priority_rank`)."""
    return (
        Priority.objects.select_related("local_issue")
        .prefetch_related("villages")
        .order_by("rank", "pk")
    )


def _grouped(rows) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.priority_id].append(row)
    return grouped


def _protocols_for(links: list[PriorityLink]) -> list:
    """Protocols reach a priority directly or through the monitoring subject of a linked
    activity, budget line or application."""
    targets = defaultdict(set)
    for link in links:
        for obj in (link.plan_activity, link.budget_line, link.application):
            if obj is not None:
                targets[type(obj)].add(obj.pk)
    condition = Q(pk__in=[link.protocol_id for link in links])
    for model, pks in targets.items():
        content_type = ContentType.objects.get_for_model(model)  # cached after the first
        condition |= Q(subject__target_type=content_type, subject__target_id__in=pks)
    return list(
        Protocol.objects.public()
        .filter(condition)
        .select_related("subject")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("pk"))
        )
    )


def _published_reports(ids) -> dict:
    reports = defaultdict(list)
    rows = AnnualReport.priorities.through.objects.filter(priority__in=ids)
    for row in rows.select_related("annualreport"):
        if row.annualreport.status == AnnualReport.Status.PUBLISHED:
            reports[row.priority_id].append(row.annualreport)
    return reports


def _public_plans(ids) -> dict:
    """The plans (from their public discussion on) that took the priority as an input (4.6)."""
    plans = defaultdict(list)
    rows = Plan.assessment_priorities.through.objects.filter(
        priority__in=ids, plan__status__in=PUBLIC_STATUSES
    )
    for row in rows.select_related("plan").order_by("plan__period_start", "plan_id"):
        plans[row.priority_id].append(row.plan)
    return plans


def _held_discussions(plans: dict) -> dict:
    """The held public-discussion gatherings of those plans (4.9), by plan."""
    plan_ids = {plan.pk for rows in plans.values() for plan in rows}
    held = defaultdict(list)
    rows = Plan.gatherings.through.objects.filter(
        plan__in=plan_ids, gathering__status=Gathering.Status.HELD
    )
    for row in rows.select_related("gathering").order_by("gathering__held_on", "gathering_id"):
        held[row.plan_id].append(row.gathering)
    return held


def _load(ids) -> _Records:
    problems = Problem.objects.filter(priority__in=ids).select_related("assessment__village")
    links = list(
        PriorityLink.objects.filter(priority__in=ids).select_related(
            "plan_activity", "budget_line__category", "application__contest", "protocol"
        )
    )
    plans = _public_plans(ids)
    return _Records(
        problems=_grouped(problems),
        groups=_grouped(InitiativeGroup.objects.filter(priority__in=ids)),
        links=_grouped(links),
        protocols=_protocols_for(links),
        reports=_published_reports(ids),
        plans=plans,
        discussions=_held_discussions(plans),
    )


# What a link adds to the steps: its items and dates; returns the key it is known by.


def _on_activity(link, by_key, dates) -> tuple:
    activity = link.plan_activity
    by_key["plan"].items.append((activity.title, ""))
    dates["plan"].append(link.created_at)
    if activity.status == activity.Status.DONE:
        dates["implementation"].append(activity.held_on or activity.updated_at)
    return ("activity", activity.pk)


def _on_line(link, by_key, dates) -> tuple:
    line = link.budget_line
    by_key["budget"].items.append((str(line), ""))
    dates["budget"].append(link.created_at)
    if line.actual is not None:
        dates["implementation"].append(datetime.date(line.year, 12, 31))
    return ("line", line.pk)


def _on_application(link, by_key, dates) -> tuple:
    application = link.application
    by_key["implementation"].items.append((f"{application.contest}: {application.title}", ""))
    if application.status == application.Status.SELECTED:
        dates["implementation"].append(application.updated_at)
    return ("application", application.pk)


_LINK_STEPS = (
    ("plan_activity_id", _on_activity),
    ("budget_line_id", _on_line),
    ("application_id", _on_application),
)


def _cycle_steps(by_key, links) -> set:
    """Steps 3–5 (plan, budget, implementation) from the links."""
    dates = defaultdict(list)
    own = set()
    for link in links:
        handler = next((fn for attr, fn in _LINK_STEPS if getattr(link, attr)), None)
        if handler is not None:
            own.add(handler(link, by_key, dates))
    for key in ("plan", "budget", "implementation"):
        by_key[key].date = _earliest(dates[key])
    return own


def _discussion_item(gathering) -> tuple:
    """A held public discussion of the plan: its title, day and what its minutes say."""
    text = gathering.minutes or gathering.decisions
    return (
        f"{gathering.title}, {gathering.held_on:%d.%m.%Y}: {text[:160]}",
        gathering.get_absolute_url(),
    )


def _plan_step(step: Step, plans: list, discussions: dict) -> None:
    """Step 3 also counts the plans that took the priority from the register as an input,
    each followed by the gatherings that discussed it in public."""
    items = []
    for plan in plans:
        items.append((str(plan), plan.get_absolute_url()))
        items += [_discussion_item(g) for g in discussions.get(plan.pk, ())]
    step.items = items + step.items
    step.date = _earliest([step.date, *(plan.approved_at for plan in plans)])


def _subject_key(protocol) -> tuple | None:
    subject = protocol.subject
    if not subject.target_type_id:
        return None
    content_type = ContentType.objects.get_for_id(subject.target_type_id)  # cached
    label = _SUBJECT_KEYS.get(f"{content_type.app_label}.{content_type.model}")
    return (label, subject.target_id) if label else None


def _monitoring_steps(by_key, protocols, links, own) -> None:
    """Steps 6–7: the protocols about the priority, then all their recommendations answered."""
    direct = {link.protocol_id for link in links if link.protocol_id}
    mine = [p for p in protocols if p.pk in direct or _subject_key(p) in own]
    by_key["monitoring"].date = _earliest(p.visit_date or p.signed_at for p in mine)
    by_key["monitoring"].items = [(str(p), p.get_absolute_url()) for p in mine]
    recommendations = [r for p in mine for r in p.recommendations.all()]
    answered = [r for r in recommendations if r.answered_at]
    if recommendations and len(answered) == len(recommendations):
        by_key["evaluation"].date = _earliest(r.answered_at for r in answered)
    by_key["evaluation"].items = [
        (f"{r.text[:120]} — {r.get_status_display()}", "") for r in recommendations
    ]


def _thread(priority: Priority, records: _Records) -> Thread:
    steps = [Step(key=key, number=n, label=label) for n, (key, label) in enumerate(STEPS, 1)]
    by_key = {step.key: step for step in steps}
    raised = records.problems[priority.pk]
    by_key["raised"].date = _earliest(p.assessment.held_on for p in raised) or _day(
        priority.created_at
    )
    by_key["raised"].items = [
        (f"{p.assessment.village}, {p.assessment.held_on:%d.%m.%Y}: {p.title}", "") for p in raised
    ]
    groups = records.groups[priority.pk]
    by_key["group"].date = _earliest(g.formed_on for g in groups)
    by_key["group"].items = [(g.name, "") for g in groups]
    links = records.links[priority.pk]
    own = _cycle_steps(by_key, links)
    _plan_step(by_key["plan"], records.plans[priority.pk], records.discussions)
    _monitoring_steps(by_key, records.protocols, links, own)
    told = records.reports[priority.pk]
    by_key["report"].date = _earliest(r.published_at for r in told)
    by_key["report"].items = [(str(r.year), r.get_absolute_url()) for r in told]
    return Thread(priority=priority, steps=steps)


def priority_threads(priorities) -> list[Thread]:
    """The thread of each priority, in a fixed number of queries however many there are."""
    priorities = list(priorities)
    records = _load([p.pk for p in priorities])
    return [_thread(priority, records) for priority in priorities]


def priority_thread(priority: Priority) -> Thread:
    """The thread of one priority."""
    return priority_threads([priority])[0]
