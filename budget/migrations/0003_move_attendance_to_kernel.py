"""Move hearing attendance into municipality.Attendance (issue 13).

The hearings' bands are the kernel's (18–29, 30–59, 60 and over), so every count carries
over exactly, and the per-village rows move to municipality.AttendanceVillage. Hearings
never counted people under 18; that band stays empty. Backwards, everything is copied
back (an under-18 count entered later has no old field and is left out).
"""

from django.db import migrations
from django.utils import timezone

FIELDS = {
    "attendance_total": "total",
    "attendance_women": "women",
    "attendance_men": "men",
    "attendance_young": "aged_18_29",
    "attendance_middle": "aged_30_59",
    "attendance_senior": "aged_60_plus",
}


def forward(apps, schema_editor):
    Attendance = apps.get_model("municipality", "Attendance")
    AttendanceVillage = apps.get_model("municipality", "AttendanceVillage")
    Hearing = apps.get_model("budget", "Hearing")
    HearingVillageAttendance = apps.get_model("budget", "HearingVillageAttendance")
    for hearing in Hearing.objects.filter(attendance__isnull=True).iterator():
        villages = list(HearingVillageAttendance.objects.filter(hearing=hearing))
        counts = {new: getattr(hearing, old) for old, new in FIELDS.items()}
        if all(v is None for v in counts.values()) and not villages:
            continue
        attendance = Attendance.objects.create(
            held_on=timezone.localdate(hearing.starts_at), source="budget.hearing", **counts
        )
        AttendanceVillage.objects.bulk_create(
            AttendanceVillage(attendance=attendance, village_id=row.village_id, count=row.count)
            for row in villages
        )
        hearing.attendance = attendance
        hearing.save(update_fields=["attendance"])


def backward(apps, schema_editor):
    Attendance = apps.get_model("municipality", "Attendance")
    Hearing = apps.get_model("budget", "Hearing")
    HearingVillageAttendance = apps.get_model("budget", "HearingVillageAttendance")
    for hearing in Hearing.objects.filter(attendance__isnull=False).iterator():
        attendance = Attendance.objects.get(pk=hearing.attendance_id)
        for old, new in FIELDS.items():
            setattr(hearing, old, getattr(attendance, new))
        HearingVillageAttendance.objects.filter(hearing=hearing).delete()
        HearingVillageAttendance.objects.bulk_create(
            HearingVillageAttendance(hearing=hearing, village_id=row.village_id, count=row.count)
            for row in attendance.villages.all()
        )
        hearing.attendance = None
        hearing.save()
        attendance.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0002_hearing_attendance_link"),
        ("municipality", "0006_attendance"),
    ]

    operations = [migrations.RunPython(forward, backward)]
