"""Reminders to staff about recommendations waiting for the ayil okmotu's answer."""

import datetime

from django.contrib.auth import get_user_model

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
    for recommendation in recommendations_due(today=today, days_before=DAYS_BEFORE):
        overdue = recommendation.due_date < today
        if not overdue:
            key = f"monitoring.recommendation.{recommendation.pk}.due-soon"
        else:
            weeks = (today - recommendation.due_date).days // 7
            key = (
                f"monitoring.recommendation.{recommendation.pk}."
                f"{recommendation.status}.overdue.{weeks}"
            )
        reminders.append(
            {
                "key": key,
                "users": staff,
                # Rendered in each staff member's language (templates/monitoring/messages/).
                "event": "monitoring.recommendation_due",
                "context": {
                    "recommendation": recommendation,
                    "overdue": overdue,
                    "date": f"{recommendation.due_date:%d.%m.%Y}",
                },
            }
        )
    return reminders
