"""Reminders of the initiatives app (registered in InitiativesConfig.ready)."""

import datetime

from django.utils.translation import gettext_lazy as _

REMIND_DAYS_BEFORE = 3


def reports_due(today: datetime.date) -> list[dict]:
    """Remind winners of a report due soon, and again every week once it is late.

    Late reports were the pain point of the seed contest, so the office hears of
    them too.
    """
    from municipality.services.reminders import office_users

    from .models import Contest, ImplementationReport

    reports = ImplementationReport.objects.filter(
        submitted_at__isnull=True,
        application__contest__status=Contest.Status.IMPLEMENTATION,
        due_date__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("application__applicant")
    reminders = []
    office = None
    for report in reports:
        application = report.application
        params = {"title": application.title, "date": f"{report.due_date:%d.%m.%Y}"}
        if report.due_date >= today:
            reminders.append(
                {
                    "key": f"initiatives.report:{report.pk}:before",
                    "users": [u for u in [application.applicant] if u],
                    "subject": lambda u, p=params: str(_("Report due on %(date)s")) % p,
                    "body": lambda u, p=params: (
                        str(
                            _(
                                "The report on the project «%(title)s» is due on %(date)s. "
                                "Submit it on the portal under “My applications”."
                            )
                        )
                        % p
                    ),
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
                    "subject": lambda u, p=params: str(_("Late report: %(title)s")) % p,
                    "body": lambda u, p=params: (
                        str(
                            _(
                                "The report on the project «%(title)s» was due on %(date)s and has not "
                                "been submitted yet."
                            )
                        )
                        % p
                    ),
                }
            )
    return reminders
