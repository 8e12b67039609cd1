"""What the office has to do next in the community app: reminders (kernel
`reminder_register`) and the start page "My work" (kernel `my_work_register`).

- a gathering whose date has passed without minutes recorded;
- a survey closing tomorrow, and a survey closed (or past its period) whose results were
  not announced;
- an open priority without an initiative group;
- the annual report to the population due: the year ended and no published report.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.permissions import is_office
from municipality.services.reminders import office_users

from .models import AnnualReport, Assessment, Gathering, Priority, Survey

#: A priority waits this long for its initiative group before the office is reminded.
GROUP_GRACE_DAYS = 14


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# Selectors


def gatherings_without_minutes(*, today: datetime.date) -> list[Gathering]:
    """Gatherings whose day has passed and whose minutes are not recorded."""
    return list(
        Gathering.objects.filter(
            Q(status=Gathering.Status.ANNOUNCED, starts_at__lt=_start_of(today))
            | Q(status=Gathering.Status.HELD, minutes="")
        ).order_by("starts_at", "pk")
    )


def surveys_closing_tomorrow(*, today: datetime.date) -> list[Survey]:
    tomorrow = today + datetime.timedelta(days=1)
    return list(Survey.objects.filter(status=Survey.Status.OPEN, closes_on=tomorrow))


def surveys_without_results(*, today: datetime.date) -> list[Survey]:
    """Closed surveys (or open ones past their period) whose results were not announced."""
    return list(
        Survey.objects.filter(
            Q(status=Survey.Status.CLOSED) | Q(status=Survey.Status.OPEN, closes_on__lt=today),
            results_notice__isnull=True,
        ).order_by("closes_on", "pk")
    )


def priorities_without_group(*, before: datetime.datetime | None = None) -> list[Priority]:
    """Open priorities no initiative group works on (created before `before`, if given)."""
    rows = Priority.objects.filter(status=Priority.Status.OPEN, initiative_groups__isnull=True)
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    return list(rows.order_by("rank", "pk"))


def annual_report_due(*, today: datetime.date) -> int | None:
    """The last ended year when it had community records and no published report."""
    year = today.year - 1
    published = AnnualReport.objects.filter(year=year, status=AnnualReport.Status.PUBLISHED)
    if published.exists():
        return None
    had_records = (
        Assessment.objects.filter(held_on__year__lte=year).exists()
        or Gathering.objects.filter(starts_at__year__lte=year).exists()
    )
    return year if had_records else None


# Reminders (one check per kind; each key is sent once per person)


def _each(objects, *, key: str, subject, body, params) -> list[dict]:
    """One reminder per object to the office; `params(obj)` fills the body's placeholders.

    The texts are lazy msgids: the kernel renders them in each person's language."""
    objects = list(objects)
    if not objects:
        return []
    users = list(office_users())
    return [
        {
            "key": key % getattr(obj, "pk", obj),  # a record, or a plain value (a year)
            "users": users,
            "subject": subject,
            "body": lambda user, obj=obj: str(body) % params(obj),
        }
        for obj in objects
    ]


def gathering_minutes_check(today: datetime.date) -> list[dict]:
    """Gatherings held without minutes: remind the office once per gathering."""
    return _each(
        gatherings_without_minutes(today=today),
        key="community.gathering:%s:minutes",
        subject=gettext_lazy("Record the minutes of the gathering"),
        body=gettext_lazy(
            "The gathering «%(title)s» of %(date)s has no minutes yet. Record them: %(url)s"
        ),
        params=lambda g: {
            "title": g.title,
            "date": timezone.localtime(g.starts_at).strftime("%d.%m.%Y"),
            "url": _url(reverse("community:gathering-hold", args=[g.pk])),
        },
    )


def survey_closing_check(today: datetime.date) -> list[dict]:
    """Surveys closing tomorrow: enter the paper answers in time."""
    return _each(
        surveys_closing_tomorrow(today=today),
        key="community.survey:%s:closes-tomorrow",
        subject=gettext_lazy("A survey closes tomorrow"),
        body=gettext_lazy(
            "The survey «%(title)s» closes tomorrow. Enter the paper answers before: %(url)s"
        ),
        params=lambda s: {"title": s.title, "url": _url(s.get_absolute_url())},
    )


def survey_results_check(today: datetime.date) -> list[dict]:
    """Closed surveys without announced results: once per survey."""
    return _each(
        surveys_without_results(today=today),
        key="community.survey:%s:results",
        subject=gettext_lazy("Announce the results of a survey"),
        body=gettext_lazy(
            "The survey «%(title)s» is over and its results are not announced yet: %(url)s"
        ),
        params=lambda s: {"title": s.title, "url": _url(s.get_absolute_url())},
    )


def priority_group_check(today: datetime.date) -> list[dict]:
    """Priorities without an initiative group after GROUP_GRACE_DAYS: once per priority."""
    before = _start_of(today - datetime.timedelta(days=GROUP_GRACE_DAYS))
    return _each(
        priorities_without_group(before=before),
        key="community.priority:%s:group",
        subject=gettext_lazy("A priority has no initiative group"),
        body=gettext_lazy("Form an initiative group for the priority «%(title)s»: %(url)s"),
        params=lambda p: {
            "title": p.title,
            "url": _url(reverse("community:priority-manage", args=[p.pk])),
        },
    )


def annual_report_check(today: datetime.date) -> list[dict]:
    """The annual report due: once a month until it is published."""
    year = annual_report_due(today=today)
    if year is None:
        return []
    return _each(
        [year],
        key=f"community.annual_report:%s:{today:%Y-%m}",
        subject=gettext_lazy("The annual report to the population is due"),
        body=gettext_lazy(
            "The year %(year)s has ended and its report to the population is not "
            "published yet: %(url)s"
        ),
        params=lambda y: {"year": y, "url": _url(reverse("community:report-edit", args=[y]))},
    )


REMINDERS = {
    "community.gathering_minutes": gathering_minutes_check,
    "community.survey_closing": survey_closing_check,
    "community.survey_results": survey_results_check,
    "community.priority_group": priority_group_check,
    "community.annual_report": annual_report_check,
}


# The start page


def _item(title, url, status, urgent=False) -> dict:
    return {
        "section": _("Community: gatherings, surveys, priorities"),
        "title": title,
        "url": url,
        "status": status,
        "urgent": urgent,
    }


def my_work_items(user) -> list[dict]:
    """Staff and the head: what waits in the community app."""
    if not is_office(user):
        return []
    today = timezone.localdate()
    items = [
        _item(g.title, reverse("community:gathering-hold", args=[g.pk]), _("No minutes"), True)
        for g in gatherings_without_minutes(today=today)
    ]
    items += [
        _item(s.title, s.get_absolute_url(), _("Closes tomorrow"))
        for s in surveys_closing_tomorrow(today=today)
    ]
    items += [
        _item(s.title, s.get_absolute_url(), _("Results not announced"))
        for s in surveys_without_results(today=today)
    ]
    items += [
        _item(p.title, reverse("community:priority-manage", args=[p.pk]), _("No initiative group"))
        for p in priorities_without_group()
    ]
    year = annual_report_due(today=today)
    if year is not None:
        items.append(
            _item(
                _("Report to the population for %(year)s") % {"year": year},
                reverse("community:report-edit", args=[year]),
                _("Due: the year has ended"),
                True,
            )
        )
    return items
