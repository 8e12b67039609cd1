"""The resolution numbers typed into contests and monitoring groups become entries of the
register of resolutions, and those objects link to them (matched by number and date)."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Resolution = apps.get_model("kenesh", "Resolution")
    Contest = apps.get_model("initiatives", "Contest")
    MonitoringGroup = apps.get_model("monitoring", "MonitoringGroup")

    def entry(number, date, title):
        number = (number or "").strip()
        found = Resolution.objects.filter(number=number, adopted_on=date).first()
        if found is None:
            found = Resolution.objects.create(
                number=number,
                adopted_on=date,
                title=title[:500],
                title_ky=title[:500],
                text="",
                text_ky="",
                status="published",
                published_at=timezone.now(),
            )
        return found

    for contest in Contest.objects.exclude(resolution_number="").exclude(
        resolution_date__isnull=True
    ):
        title = contest.title_ky or contest.title
        contest.kenesh_resolution = entry(contest.resolution_number, contest.resolution_date, title)
        contest.save(update_fields=["kenesh_resolution"])
    for group in MonitoringGroup.objects.exclude(resolution_number=""):
        title = group.name_ky or group.name
        group.kenesh_resolution = entry(group.resolution_number, group.resolution_date, title)
        group.save(update_fields=["kenesh_resolution"])


def backwards(apps, schema_editor):
    apps.get_model("initiatives", "Contest").objects.update(kenesh_resolution=None)
    apps.get_model("monitoring", "MonitoringGroup").objects.update(kenesh_resolution=None)


class Migration(migrations.Migration):
    dependencies = [
        ("kenesh", "0001_kenesh_initial"),
        ("initiatives", "0013_link_kenesh_resolution"),
        ("monitoring", "0005_link_kenesh_resolution"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
