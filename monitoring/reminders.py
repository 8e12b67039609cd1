"""Reminders to staff about recommendations waiting for the ayil okmotu's answer."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipality.models import Role

from .selectors import recommendations_due

DAYS_BEFORE = 3


def recommendations_due_check(today: datetime.date) -> list[dict]:
    """One reminder a few days before the due date, then one a week while overdue."""
    staff = list(
        get_user_model().objects.filter(groups__name=Role.STAFF, is_active=True).distinct()
    )
    if not staff:
        return []
    reminders = []
    with override(settings.LANGUAGE_CODE):
        for recommendation in recommendations_due(today=today, days_before=DAYS_BEFORE):
            params = {
                "subject": recommendation.protocol.subject.title,
                "date": f"{recommendation.due_date:%d.%m.%Y}",
                "text": recommendation.text,
            }
            if recommendation.due_date >= today:
                key = f"monitoring.recommendation.{recommendation.pk}.due-soon"
                subject = _("A monitoring recommendation is due on %(date)s") % params
            else:
                weeks = (today - recommendation.due_date).days // 7
                key = (
                    f"monitoring.recommendation.{recommendation.pk}."
                    f"{recommendation.status}.overdue.{weeks}"
                )
                subject = _("A monitoring recommendation is overdue since %(date)s") % params
            body = (
                _(
                    "The joint monitoring group recommended (%(subject)s): %(text)s\n"
                    "Answer it on the office page of the monitoring section."
                )
                % params
            )
            reminders.append({"key": key, "users": staff, "subject": subject, "body": body})
    return reminders
