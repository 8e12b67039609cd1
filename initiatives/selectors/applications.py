"""Reads of applications: lists, problems before submitting, eligibility, documents."""

from decimal import Decimal

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.selectors.search import excerpt, text_filter

from ..models import (
    Application,
    EstimateLine,
    ImplementationReport,
)
from .common import PUBLIC_APPLICATION_STATUSES, S

# The columns "My applications" shows (issue 19: an application and its contest have ~80;
# loading them all was most of the page's cost). The contest's title in every language, for
# the translation's fallback.
LIST_FOR_USER_FIELDS = (
    "registration_number",
    "title",
    "status",
    "contest__title",
    *(f"contest__title_{code}" for code in settings.MODELTRANSLATION_LANGUAGES),
)


def application_list_for_user(user):
    """The person's own applications, newest first, with the columns their list shows."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("contest")
        .only(*LIST_FOR_USER_FIELDS)
        .order_by("-created_at")
    )


def application_get(pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related(
            "contest", "applicant", "village", "entered_by", "checked_by", "agreement", "terms"
        ).prefetch_related(
            "local_issues",
            "activities",
            "estimate_lines",
            "attachments",
            "contest__directions",
            "reports",
            "reports__photos",
            "reports__attendance__villages__village",
        ),
        pk=pk,
    )


def estimate_total(application: Application) -> Decimal:
    lines = getattr(application, "_prefetched_objects_cache", {}).get("estimate_lines")
    if lines is None:
        lines = EstimateLine.objects.filter(application=application)
    return sum((line.total for line in lines), Decimal(0))


def application_problems(
    application: Application, *, today=None, lines=None, check_totals=True
) -> list[str]:
    """Why an application cannot be submitted as it stands (empty list: it can).

    ``lines`` lets the form check an application not saved yet (its estimate rows);
    ``check_totals=False`` skips the sums while some estimate row has a mistake."""
    lines = list(application.estimate_lines.all()) if lines is None else lines
    return (
        _window_problems(application, today)
        + _text_problems(application)
        + _estimate_problems(application, lines, check_totals)
        + _sum_problems(application)
    )


def _window_problems(application: Application, today) -> list[str]:
    contest = application.contest
    if application.is_paper and application.received_on:
        # A paper counts on the day it was received; after the deadline only with a reason.
        on_time = contest.window_is_open(application.received_on) or bool(application.late_reason)
    else:
        on_time = contest.window_is_open(today)
    if contest.status != S.ACCEPTING or not on_time:
        return [_("The application window is closed.")]
    return []


def _text_problems(application: Application) -> list[str]:
    problems = []
    if not application.title.strip():
        problems.append(_("Give the project a title."))
    if not application.problem.strip():
        problems.append(_("Describe the problem."))
    if application.kind == Application.Kind.GROUP and not application.group_members.strip():
        problems.append(_("List the members of the initiative group."))
    if application.kind in (Application.Kind.ASSOCIATION, Application.Kind.LEGAL_ENTITY) and not (
        application.organisation.strip()
    ):
        problems.append(_("Give the name of the association or organisation."))
    return problems


def _estimate_problems(application: Application, lines, check_totals: bool) -> list[str]:
    if not lines:
        return [_("Add at least one line to the cost estimate.")]
    if not check_totals:
        return []
    problems = [
        _("Estimate line «%(item)s»: the total is not quantity × unit price.")
        % {"item": line.item}
        for line in lines
        if (line.quantity * line.unit_price).quantize(Decimal("0.01")) != line.total
    ]
    total = sum((line.total for line in lines), Decimal(0))
    if total != application.total_funding:
        problems.append(
            _(
                "The estimate total (%(total)s som) must equal the requested sum plus all "
                "contributions (%(funding)s som)."
            )
            % {"total": total, "funding": application.total_funding}
        )
    return problems


def _sum_problems(application: Application) -> list[str]:
    problems = []
    if application.requested_sum <= 0:
        problems.append(_("Enter the sum requested from the local budget."))
    if application.requested_sum > application.contest.max_per_project:
        problems.append(
            _("The requested sum is over the maximum per project (%(max)s som).")
            % {"max": application.contest.max_per_project}
        )
    return problems


def contribution_problem(application: Application) -> str:
    """The automatic own-contribution check in the applicant's words ("" when it passes)."""
    required = application.contest.own_contribution_percent
    percent = own_contribution_percent(application)
    if application.total_funding <= 0 or percent >= required:
        return ""
    return _(
        "Your own contribution is %(percent)s %% of the project cost; this contest requires "
        "at least %(required)s %%. Raise the contribution (cash, goods or ashar) and submit "
        "before the deadline."
    ) % {"percent": percent, "required": required}


def own_contribution_percent(application: Application) -> Decimal:
    funding = application.total_funding
    if not funding:
        return Decimal(0)
    return (Decimal(100) * application.own_contribution / funding).quantize(Decimal("0.01"))


def application_eligibility_checks(application: Application) -> list[dict]:
    """The automatic checks staff see before recording the outcome."""
    contest = application.contest
    submitted_on = (
        timezone.localdate(application.submitted_at) if application.submitted_at else None
    )
    if application.is_paper and application.received_on:
        submitted_on = application.received_on  # a paper counts on the day it came
    direction_ids = {d.pk for d in contest.directions.all()}
    issue_ids = {i.pk for i in application.local_issues.all()}
    percent = own_contribution_percent(application)
    attachments = len(application.attachments.all())
    total = estimate_total(application)
    return [
        {
            "label": _("Submitted within the window"),
            "ok": bool(
                submitted_on and contest.window_opens <= submitted_on <= contest.window_closes
            ),
            "detail": f"{submitted_on:%d.%m.%Y}" if submitted_on else "—",
        },
        {
            "label": _("A listed direction"),
            "ok": bool(issue_ids & direction_ids) if direction_ids else bool(issue_ids),
            "detail": ", ".join(str(i) for i in application.local_issues.all()) or "—",
        },
        {
            "label": _("Within the maximum per project"),
            "ok": application.requested_sum <= contest.max_per_project,
            "detail": f"{application.requested_sum} / {contest.max_per_project}",
        },
        {
            "label": _("Own contribution met"),
            "ok": percent >= contest.own_contribution_percent,
            "detail": f"{percent} % / {contest.own_contribution_percent} %",
        },
        {
            "label": _("Estimate adds up"),
            "ok": total == application.total_funding and total > 0,
            "detail": f"{total} / {application.total_funding}",
        },
        {
            "label": _("Required attachments present"),
            "ok": attachments >= contest.required_attachments,
            "detail": f"{attachments} / {contest.required_attachments}",
        },
    ]


def approved_funding(application: Application) -> dict | None:
    """What the approved results say about a winner: its sum and contributions as approved."""
    results = application.contest.results or {}
    for row in (results.get("snapshot") or {}).get("rows", []):
        if row["application"] == application.pk:
            return {k: Decimal(row[k]) for k in ("requested",) + CONTRIBUTIONS}
    for step in results.get("steps", []):
        if step["application"] == application.pk:
            return {"requested": Decimal(step["requested"])}
    return None


CONTRIBUTIONS = (
    "contribution_cash",
    "contribution_goods",
    "contribution_ashar",
    "contribution_sponsors",
)


def application_pdf_context(*, application: Application, document) -> dict:
    """The agreement prints the sum and contributions as approved with the results."""
    approved = approved_funding(application) or {}
    funding = {key: approved.get(key, getattr(application, key)) for key in CONTRIBUTIONS}
    funding["requested_sum"] = approved.get("requested", application.requested_sum)
    funding["own_contribution"] = sum(
        (funding[key] for key in CONTRIBUTIONS if key != "contribution_sponsors"), Decimal(0)
    )
    # Payment schedule: half on signing, the rest after the progress report is accepted.
    total = Decimal(funding["requested_sum"] or 0)
    first = (total / 2).quantize(Decimal("1"))
    reports = list(application.reports.order_by("due_date", "pk"))
    progress = next((r for r in reports if r.kind == "progress"), None)
    return {
        "reports": reports,
        "tranches": [
            {"sum": first, "after_report": None},
            {"sum": total - first, "after_report": progress},
        ],
        "results_order": application.contest.results_order,
        "application": application,
        "contest": application.contest,
        "funding": funding,
        "lines": list(application.estimate_lines.all()),
        "activities": list(application.activities.all()),
    }


def reports_open(today=None):
    """Reports not yet submitted by winners of contests in implementation, soonest first."""
    return (
        ImplementationReport.objects.filter(
            submitted_at__isnull=True,
            application__contest__status=S.IMPLEMENTATION,
        )
        .select_related("application__contest", "application__applicant")
        .order_by("due_date", "pk")
    )


def applications_search(*, query: str, limit: int) -> list[dict]:
    """Submitted applications' public fields (never contacts); links to the contest page."""
    fields = ["title", "problem", "beneficiaries_who", "organisation", "registration_number"]
    applications = text_filter(
        Application.objects.filter(status__in=PUBLIC_APPLICATION_STATUSES), fields, query
    )
    return [
        {
            "kind": _("Application"),
            "title": str(a),
            "url": f"{a.contest.get_absolute_url()}#application-{a.pk}",
            "text": excerpt(a.problem, query),
            "date": a.submitted_at,
        }
        for a in applications.select_related("contest").order_by("-submitted_at", "-pk")[:limit]
    ]
