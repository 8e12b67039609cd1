"""Reminders of the initiatives app (registered in InitiativesConfig.ready)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from municipality.models import Role, User
from municipality.services.reminders import office_users

from .models import Contest, ImplementationReport

REMIND_DAYS_BEFORE = 3
# Escalation of a late report: reminders to the winner and the office first; this many
# days after the due date the head gets a notice of its own.
ESCALATE_AFTER_DAYS = 14


def _heads():
    return list(User.objects.filter(is_active=True, groups__name=Role.HEAD).order_by("pk"))


def reports_due(today: datetime.date) -> list[dict]:
    """Remind winners of a report due soon, and again every week once it is late.

    Late reports were the pain point of the seed contest, so the office hears of
    them too.
    """
    reports = ImplementationReport.objects.filter(
        submitted_at__isnull=True,
        application__contest__status=Contest.Status.IMPLEMENTATION,
        due_date__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("application__applicant")
    reminders = []
    office = None
    heads = None
    for report in reports:
        application = report.application
        params = {
            "title": application.title,
            "date": f"{report.due_date:%d.%m.%Y}",
            "days": (today - report.due_date).days,
        }
        if report.due_date >= today:
            reminders.append(
                {
                    "key": f"initiatives.report:{report.pk}:before",
                    "users": [u for u in [application.applicant] if u],
                    "event": "initiatives.report_due",
                    "context": params,
                }
            )
        else:
            week = (today - report.due_date).days // 7
            if office is None:
                office = list(office_users())
            reminders.append(
                {
                    "key": f"initiatives.report:{report.pk}:late:{week}",
                    "users": [u for u in [application.applicant, *office] if u],
                    "event": "initiatives.report_late",
                    "context": params,
                }
            )
            if (today - report.due_date).days >= ESCALATE_AFTER_DAYS:
                if heads is None:
                    heads = _heads()
                reminders.append(
                    {
                        "key": f"initiatives.report:{report.pk}:head",
                        "users": heads,
                        "subject": lambda u, p=params: (
                            str(_("To the head: a report is %(days)s days late")) % p
                        ),
                        "body": lambda u, p=params: (
                            str(
                                _(
                                    "The report on the project «%(title)s» was due on %(date)s "
                                    "and is still missing after the reminders. Decide what "
                                    "the ayil okmotu does under the agreement."
                                )
                            )
                            % p
                        ),
                    }
                )
    return reminders


def late_reports_attention(user) -> list[tuple[str, str]]:
    """The office landing page: implementation reports past their due date."""
    late = ImplementationReport.objects.filter(
        submitted_at__isnull=True,
        application__contest__status=Contest.Status.IMPLEMENTATION,
        due_date__lt=timezone.localdate(),
    ).count()
    if not late:
        return []
    return [
        (
            gettext("Local initiatives: implementation reports past their due date: %(n)s")
            % {"n": late},
            reverse("initiatives:office"),
        )
    ]
