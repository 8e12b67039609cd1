"""Move the attendance of activities and gatherings into municipality.Attendance (issue 13).

Total, women, men, under 18 and the villages carry over exactly. The plan's 18–35, 36–60
and over-60 counts cannot be split into the kernel's 18–29 / 30–59 / 60+ bands without
guessing, so they are kept as they were in `legacy_counts["age_bands"]` and the new bands
stay empty. A village key that no longer names a village is kept in
`legacy_counts["villages"]`. Backwards, everything migrated is copied back; counts entered
later in the 18–29 / 30–59 / 60+ bands have no exact old band and are left out.
"""

from django.db import migrations

OLD_BANDS = {"age_18_35": "18_35", "age_36_60": "36_60", "age_over_60": "over_60"}
SOURCES = {"Activity": "engagement_plan.activity", "Gathering": "engagement_plan.gathering"}


def _has_counts(row) -> bool:
    fields = ("attendance_total", "attendance_female", "attendance_male", "age_under_18")
    return any(getattr(row, f) is not None for f in (*fields, *OLD_BANDS)) or bool(row.by_village)


def forward(apps, schema_editor):
    Attendance = apps.get_model("municipality", "Attendance")
    AttendanceVillage = apps.get_model("municipality", "AttendanceVillage")
    Village = apps.get_model("municipality", "Village")
    known = set(Village.objects.values_list("pk", flat=True))
    for model_name, source in SOURCES.items():
        Model = apps.get_model("engagement_plan", model_name)
        for row in Model.objects.filter(attendance__isnull=True).iterator():
            if not _has_counts(row):
                continue
            legacy = {}
            bands = {
                key: getattr(row, field)
                for field, key in OLD_BANDS.items()
                if getattr(row, field) is not None
            }
            if bands:
                legacy["age_bands"] = bands
            villages, unknown = {}, {}
            for key, count in (row.by_village or {}).items():
                if not count:
                    continue
                if str(key).isdigit() and int(key) in known:
                    villages[int(key)] = int(count)
                else:
                    unknown[str(key)] = count
            if unknown:
                legacy["villages"] = unknown
            attendance = Attendance.objects.create(
                held_on=row.held_on,
                source=source,
                total=row.attendance_total,
                women=row.attendance_female,
                men=row.attendance_male,
                under_18=row.age_under_18,
                legacy_counts=legacy,
            )
            AttendanceVillage.objects.bulk_create(
                AttendanceVillage(attendance=attendance, village_id=pk, count=count)
                for pk, count in villages.items()
            )
            row.attendance = attendance
            row.save(update_fields=["attendance"])


def backward(apps, schema_editor):
    Attendance = apps.get_model("municipality", "Attendance")
    for model_name in SOURCES:
        Model = apps.get_model("engagement_plan", model_name)
        for row in Model.objects.filter(attendance__isnull=False).iterator():
            attendance = Attendance.objects.get(pk=row.attendance_id)
            legacy = attendance.legacy_counts or {}
            bands = legacy.get("age_bands") or {}
            row.attendance_total = attendance.total
            row.attendance_female = attendance.women
            row.attendance_male = attendance.men
            row.age_under_18 = attendance.under_18
            for field, key in OLD_BANDS.items():
                setattr(row, field, bands.get(key))
            row.by_village = {str(v.village_id): v.count for v in attendance.villages.all()} | (
                legacy.get("villages") or {}
            )
            row.attendance = None
            row.save()
            attendance.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("engagement_plan", "0002_activity_gathering_attendance_link"),
        ("municipality", "0006_attendance"),
    ]

    operations = [migrations.RunPython(forward, backward)]
