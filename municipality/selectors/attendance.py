"""Participation across the municipality: every app's meetings added up (issue 13)."""

from django.db.models import Count, Q, Sum

from ..models import Attendance, AttendanceVillage, Village


def _linked() -> Q:
    """Rows some meeting still points at; found through the apps' OneToOneFields to the
    kernel, so the kernel imports no app and a deleted meeting's row no longer counts."""
    links = Q(pk__in=[])
    for relation in Attendance._meta.related_objects:
        if relation.one_to_one:
            links |= Q(**{f"{relation.name}__isnull": False})
    return links


def attendance_years() -> list[int]:
    """The years in which some meeting recorded its attendance, newest first (one query)."""
    rows = Attendance.objects.filter(_linked(), held_on__isnull=False, total__isnull=False)
    return sorted({d.year for d in rows.dates("held_on", "year")}, reverse=True)


def attendance_year_totals(*, year: int) -> dict:
    """Sum the attendance of every meeting held in `year`, whichever app recorded it.

    Returns the totals by sex and age band (the fields of Attendance), `meetings` (how many
    meetings gave a total), `by_source` ("<app>.<model>" → people), `legacy_age_bands` (old
    plan bands kept by the issue 13 migration, e.g. {"18_35": 25}) and `by_village` (one row
    per village of the profile, zero when nobody came from it).
    """
    rows = Attendance.objects.filter(_linked(), held_on__year=year, total__isnull=False)
    fields = ("total", *Attendance.SEX_FIELDS, *Attendance.AGE_FIELDS)
    sums = rows.aggregate(meetings=Count("pk"), **{f: Sum(f) for f in fields})
    result = {f: sums[f] or 0 for f in fields}
    result["meetings"] = sums["meetings"]
    result["by_source"] = {
        row["source"]: row["people"]
        for row in rows.values("source").annotate(people=Sum("total")).order_by("source")
    }
    # Plan counts from before issue 13 in 18–35 / 36–60 / over 60: summed apart, never
    # spread over the current bands.
    legacy = {}
    for kept in rows.exclude(legacy_counts={}).values_list("legacy_counts", flat=True):
        for band, count in (kept.get("age_bands") or {}).items():
            legacy[band] = legacy.get(band, 0) + count
    result["legacy_age_bands"] = legacy
    per_village = dict(
        AttendanceVillage.objects.filter(attendance__in=rows)
        .values_list("village")
        .annotate(people=Sum("count"))
    )
    result["by_village"] = [
        {"village": village, "people": per_village.get(village.pk, 0)}
        for village in Village.objects.all()
    ]
    return result
