"""Reads of the budget app: the citizens' budget, hearings, the protocol's contents."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext

from municipality.files import file_url
from municipality.models import AttendanceVillage
from municipality.pagination import rows_per_item
from municipality.selectors.search import excerpt, text_filter

from .charts import hbar_chart, som
from .models import BudgetCategory, BudgetLine, BudgetLineLink, Hearing, Proposal

REVENUE = BudgetCategory.Kind.REVENUE
EXPENDITURE = BudgetCategory.Kind.EXPENDITURE
TOP_CATEGORIES = 6


def budget_years() -> list[int]:
    return list(BudgetLine.objects.order_by("-year").values_list("year", flat=True).distinct())


def budget_lines(*, year: int | None = None):
    """Lines with their category and what they bought, in classification order."""
    lines = BudgetLine.objects.select_related("category", "category__parent").prefetch_related(
        Prefetch("links", queryset=BudgetLineLink.objects.order_by("pk"))
    )
    if year is not None:
        lines = lines.filter(year=year)
    return lines.order_by("-year", "category__kind", "category__order", "category__code")


def _sum(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    return sum(values, Decimal("0")) if values else None


def budget_overview(*, year: int) -> dict:
    """Everything the citizens' budget page shows for one year, in a constant number of queries."""
    lines = list(budget_lines(year=year))
    revenues = [line for line in lines if line.category.kind == REVENUE]
    expenditures = [line for line in lines if line.category.kind == EXPENDITURE]
    totals = {
        "revenue_planned": _sum(line.planned for line in revenues) or Decimal("0"),
        "revenue_actual": _sum(line.actual for line in revenues),
        "expenditure_planned": _sum(line.planned for line in expenditures) or Decimal("0"),
        "expenditure_actual": _sum(line.actual for line in expenditures),
    }
    totals["balance_planned"] = totals["revenue_planned"] - totals["expenditure_planned"]
    has_actual = totals["revenue_actual"] is not None or totals["expenditure_actual"] is not None
    if has_actual:
        totals["balance_actual"] = (totals["revenue_actual"] or 0) - (
            totals["expenditure_actual"] or 0
        )
    else:
        totals["balance_actual"] = None

    planned_name, actual_name = gettext("Planned"), gettext("Actual")
    planned_actual = [
        {"name": planned_name, "css": "bar-planned"},
        {"name": actual_name, "css": "bar-actual"},
    ]
    totals_chart = hbar_chart(
        [
            {
                "label": gettext("Revenues"),
                "values": [totals["revenue_planned"], totals["revenue_actual"]],
            },
            {
                "label": gettext("Expenditures"),
                "values": [totals["expenditure_planned"], totals["expenditure_actual"]],
            },
        ],
        planned_actual,
    )

    biggest = sorted(expenditures, key=lambda line: line.planned, reverse=True)
    top, rest = biggest[:TOP_CATEGORIES], biggest[TOP_CATEGORIES:]
    share_rows = []
    for line in top:
        share_rows.append(
            {
                "label": line.category.name,
                "planned": line.planned,
                "actual": line.actual,
                "line": line,
            }
        )
    if rest:
        share_rows.append(
            {
                "label": gettext("Other expenditures (%(count)s lines)") % {"count": len(rest)},
                "planned": _sum(line.planned for line in rest),
                "actual": _sum(line.actual for line in rest),
                "line": None,
            }
        )
    total_exp = totals["expenditure_planned"] or Decimal("0")
    for row in share_rows:
        row["share"] = round(row["planned"] * 100 / total_exp) if total_exp else 0
        row["planned_text"], row["actual_text"] = som(row["planned"]), som(row["actual"])
    biggest_chart = hbar_chart(
        [
            {
                "label": f"{row['label']} — {row['share']}%",
                "values": [row["planned"], row["actual"]],
            }
            for row in share_rows
        ],
        planned_actual,
    )
    return {
        "year": year,
        "lines": lines,
        "revenues": revenues,
        "expenditures": expenditures,
        "totals": totals,
        "totals_text": {key: som(value) for key, value in totals.items()},
        "totals_chart": totals_chart,
        "biggest": share_rows,
        "biggest_chart": biggest_chart,
        "financed": [line for line in expenditures if line.links.all()],
    }


def budget_year_over_year() -> dict:
    """Revenues and expenditures of every year (one query), as a chart and a table."""
    sums = (
        BudgetLine.objects.values("year", "category__kind")
        .annotate(planned=Sum("planned"), actual=Sum("actual"))
        .order_by("year", "category__kind")
    )
    years = defaultdict(dict)
    for row in sums:
        years[row["year"]][row["category__kind"]] = row
    table = []
    for year in sorted(years):
        revenue, expenditure = years[year].get(REVENUE, {}), years[year].get(EXPENDITURE, {})
        table.append(
            {
                "year": year,
                "revenue_planned": revenue.get("planned"),
                "revenue_actual": revenue.get("actual"),
                "expenditure_planned": expenditure.get("planned"),
                "expenditure_actual": expenditure.get("actual"),
            }
        )
    for row in table:
        row["text"] = {key: som(value) for key, value in row.items() if key != "year"}
    chart = hbar_chart(
        [
            {
                "label": str(row["year"]),
                "values": [row["revenue_planned"], row["expenditure_planned"]],
            }
            for row in table
        ],
        [
            {"name": gettext("Revenues, planned"), "css": "bar-revenue"},
            {"name": gettext("Expenditures, planned"), "css": "bar-expenditure"},
        ],
    )
    return {"rows": table, "chart": chart}


def _proposals_queryset():
    return Proposal.objects.select_related(
        "author", "budget_line__category", "local_issue"
    ).order_by("created_at", "pk")


def _proposals_shown():
    """Proposals as the hearing page shows them: with their line, issue and kenesh items."""
    return _proposals_queryset().prefetch_related(
        "kenesh_items__session", "kenesh_items__decision__resolution"
    )


def hearing_proposals(*, hearing: Hearing) -> list[Proposal]:
    """Every proposal of the hearing for its public page, in a fixed number of queries."""
    return list(_proposals_shown().filter(hearing=hearing))


def _proposal_count(*, decided: bool = False):
    """The count of a hearing's proposals as a subquery: a page computes it for its own
    rows, and no join with every proposal of ten years is grouped."""
    proposals = Proposal.objects.exclude(decision="") if decided else Proposal.objects.all()
    return rows_per_item(proposals, item="hearing")


def hearing_list(*, include_drafts: bool = False, now=None) -> dict:
    """Upcoming hearings (a few at a time: a list) and the past ones (a queryset newest
    first from the index `hearing_newest`, which the page reads a page at a time), with
    their protocols and the counts of proposals."""
    now = now or timezone.now()
    hearings = Hearing.objects.select_related("village", "protocol", "responsible").annotate(
        proposal_count=_proposal_count(),
        decided_count=_proposal_count(decided=True),
    )
    if not include_drafts:
        hearings = hearings.public()
    upcoming = Q(status__in=(Hearing.Status.DRAFT, Hearing.Status.ANNOUNCED), starts_at__gte=now)
    return {
        "upcoming": list(hearings.filter(upcoming).order_by("starts_at", "pk")),
        "past": hearings.exclude(upcoming).order_by("-starts_at", "-pk"),
    }


def hearing_detail(*, pk: int):
    return (
        Hearing.objects.select_related(
            "village", "protocol", "responsible", "notice", "attendance"
        )
        .prefetch_related(
            "materials",
            Prefetch("materials_lines", queryset=BudgetLine.objects.select_related("category")),
            Prefetch("proposals", queryset=_proposals_queryset()),
            Prefetch("attendance__villages", queryset=_village_counts()),
        )
        .get(pk=pk)
    )


def _village_counts():
    return AttendanceVillage.objects.select_related("village")


def user_proposals(*, user, hearing: Hearing):
    if not user.is_authenticated:
        return []
    return list(_proposals_shown().filter(hearing=hearing, author=user))


def hearing_protocol_context(*, hearing: Hearing) -> dict:
    """What the protocol PDF lists: attendance, the discussion, proposals and decisions."""
    hearing = hearing_detail(pk=hearing.pk)
    proposals = list(hearing.proposals.all())
    counts = {
        value: sum(1 for p in proposals if p.decision == value)
        for value in Proposal.Decision.values
    }
    return {
        "hearing": hearing,
        "proposals": proposals,
        "attendance": hearing.attendance,
        "materials_lines": list(hearing.materials_lines.all()),
        "decision_counts": counts,
        "registered_count": hearing.registrations.count(),
    }


def budget_lines_export(*, year: int | None = None) -> list[dict]:
    """The open-data rows of the CSV and JSON downloads."""
    rows = []
    for line in budget_lines(year=year):
        rows.append(
            {
                "year": line.year,
                "kind": line.category.kind,
                "code": line.category.code,
                "category": line.category.name,
                "planned": str(line.planned),
                "actual": "" if line.actual is None else str(line.actual),
                "financed": [
                    {"label": link.label, "url": link.get_url()} for link in line.links.all()
                ],
            }
        )
    return rows


def _attendance_export(attendance) -> dict:
    fields = ("total", "women", "men", "under_18", "aged_18_29", "aged_30_59", "aged_60_plus")
    return {f: getattr(attendance, f) if attendance else None for f in fields}


def hearings_export() -> list[dict]:
    """Open data: every public hearing with its proposals and decisions (no personal data)."""
    hearings = (
        Hearing.objects.public()
        .select_related("village", "protocol", "attendance")
        .prefetch_related(Prefetch("proposals", queryset=_proposals_queryset()))
        .order_by("starts_at", "pk")
    )
    rows = []
    for hearing in hearings:
        rows.append(
            {
                "id": hearing.pk,
                "kind": hearing.kind,
                "fiscal_year": hearing.fiscal_year,
                "title": hearing.title,
                "starts_at": hearing.starts_at.isoformat(),
                "place": hearing.place,
                "status": hearing.status,
                "attendance": _attendance_export(hearing.attendance),
                "protocol": file_url(hearing.protocol.file)
                if hearing.protocol_id and hearing.protocol.file
                else None,
                "proposals": [
                    {
                        "text": proposal.text,
                        "received": proposal.source,
                        "budget_line": proposal.budget_line.category.code
                        if proposal.budget_line_id
                        else None,
                        "decision": proposal.decision or None,
                        "reason": proposal.decision_reason,
                    }
                    for proposal in hearing.proposals.all()
                ],
            }
        )
    return rows


def hearings_search(*, query: str, limit: int) -> list[dict]:
    """Announced and held hearings whose agenda or place matches (the portal search)."""
    fields = ["agenda_ky", "agenda_ru", "address_ky", "address_ru", "village__name_ky"]
    hearings = text_filter(Hearing.objects.public(), fields, query)
    return [
        {
            "kind": gettext("Budget hearing"),
            "title": h.title,
            "url": h.get_absolute_url(),
            "text": excerpt(h.agenda, query),
            "date": h.starts_at,
        }
        for h in hearings.select_related("village").order_by("-starts_at", "-pk")[:limit]
    ]
