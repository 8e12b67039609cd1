"""Participation across the whole municipality, per year (issue 14): one public page."""

from django.apps import apps
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.models.attendance import AGE_BANDS, SEX
from municipality.selectors.attendance import attendance_year_totals, attendance_years

# The kinds of meeting the apps record, in the words of the page; an unknown source falls
# back to its model's plural name.
SOURCE_LABELS = {
    "engagement_plan.gathering": _("Gatherings of the engagement plan"),
    "engagement_plan.activity": _("Activities of the engagement plan"),
    "budget.hearing": _("Budget hearings"),
    "initiatives.implementationreport": _("Events of local initiatives (reports)"),
    "monitoring.protocol": _("Monitoring visits"),
}


def _source_label(source: str):
    if source in SOURCE_LABELS:
        return SOURCE_LABELS[source]
    try:
        return apps.get_model(source)._meta.verbose_name_plural
    except (LookupError, ValueError):
        return source


def _bars(rows: list[tuple], total: int) -> list[dict]:
    """Rows for <progress> bars (no JavaScript, no inline styles)."""
    top = max([count for _label, count in rows] + [total, 1])
    return [{"label": label, "count": count, "max": top} for label, count in rows]


def participation(request):
    """Who took part in gatherings, hearings, contests' events and monitoring visits."""
    years = attendance_years()
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = years[0] if years else today.year
    if not 1900 <= year <= 9999:
        year = years[0] if years else today.year
    totals = attendance_year_totals(year=year)
    total = totals["total"]
    villages = totals["by_village"]
    least = min((row["people"] for row in villages), default=0)
    village_rows = [
        {
            "village": row["village"],
            "people": row["people"],
            "per_hundred": round(100 * row["people"] / row["village"].population, 1)
            if row["village"].population
            else None,
            "least": len(villages) > 1 and row["people"] == least,
        }
        for row in villages
    ]
    top_village = max([row["people"] for row in villages] + [1])
    return render(
        request,
        "municipality/participation.html",
        {
            "year": year,
            "years": years,
            "totals": totals,
            "sex": _bars([(label, totals[field]) for _k, field, label in SEX], total),
            "ages": _bars([(label, totals[field]) for _k, field, label in AGE_BANDS], total),
            "sources": _bars(
                [(_source_label(s), people) for s, people in totals["by_source"].items()], total
            ),
            "villages": village_rows,
            "village_max": top_village,
            "least_villages": [r["village"] for r in village_rows if r["least"]],
        },
    )
