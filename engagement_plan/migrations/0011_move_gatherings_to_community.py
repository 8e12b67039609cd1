"""Issue 18: every plan gathering becomes a held community gathering of the kind "public
discussion of the plan", linked to its plan, without loss: date, place, decisions, the
kernel attendance row (the same one, with its villages), who recorded it and when.
Backwards, the held ones come back as plan gatherings and the moved rows are removed."""

import datetime

from django.db import migrations
from django.utils import timezone

KIND = "plan_discussion"
TITLE_KY = "«{title}» планын коомдук талкуулоо"
TITLE_RU = "Общественное обсуждение плана «{title}»"
AGENDA_KY = "Жергиликтүү жамаатты тартуу планынын долбоорун коомдук талкуулоо (4.9)."
AGENDA_RU = "Общественное обсуждение проекта плана вовлечения местного сообщества (4.9)."


def _starts_at(plan, held_on):
    """The announced time when the gathering took place that day, else 10:00 that day."""
    if plan.gathering_at and timezone.localdate(plan.gathering_at) == held_on:
        return plan.gathering_at
    return timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(10, 0)))


def forward(apps, schema_editor):
    Old = apps.get_model("engagement_plan", "Gathering")
    New = apps.get_model("community", "Gathering")
    for old in Old.objects.select_related("plan").order_by("pk"):
        plan = old.plan
        title = plan.title_ky or plan.title
        new = New.objects.create(
            kind=KIND,
            status="held",
            title=TITLE_KY.format(title=title),
            title_ky=TITLE_KY.format(title=title),
            title_ru=TITLE_RU.format(title=plan.title_ru or title),
            agenda=AGENDA_KY,
            agenda_ky=AGENDA_KY,
            agenda_ru=AGENDA_RU,
            starts_at=_starts_at(plan, old.held_on),
            place=old.place,
            place_ky=old.place,
            place_ru=old.place,
            held_on=old.held_on,
            decisions=old.decisions,
            attendance_id=old.attendance_id,
            created_by_id=old.recorded_by_id,
        )
        New.objects.filter(pk=new.pk).update(created_at=old.created_at)
        plan.gatherings.add(new)


def backward(apps, schema_editor):
    Old = apps.get_model("engagement_plan", "Gathering")
    New = apps.get_model("community", "Gathering")
    Link = apps.get_model("engagement_plan", "Plan").gatherings.through
    moved = []
    for link in Link.objects.select_related("gathering").order_by("gathering_id", "pk"):
        new = link.gathering
        if new.status != "held" or new.pk in moved:
            continue
        old = Old.objects.create(
            plan_id=link.plan_id,
            held_on=new.held_on,
            place=new.place_ky or new.place,
            decisions=new.decisions,
            attendance_id=new.attendance_id,
            recorded_by_id=new.created_by_id,
        )
        Old.objects.filter(pk=old.pk).update(created_at=new.created_at)
        moved.append(new.pk)
    New.objects.filter(pk__in=moved, kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [("engagement_plan", "0010_plan_gatherings_in_community")]

    operations = [migrations.RunPython(forward, backward)]
