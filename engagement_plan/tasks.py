"""Reminder checks for the kernel's daily reminder run and the office "needs attention" list.

See municipality/services/reminders.py and municipality/services/attention.py.
"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from municipality.dates import official_date_lazy
from municipality.models import Role

from .selectors import activities_overdue, plans_due_for_review


def _staff_users():
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.STAFF, is_active=True)
        .distinct()
        .order_by("pk")
    )


def overdue_activities_check(today: datetime.date) -> list[dict]:
    """Activities whose deadline passed without evidence: staff are told once per activity."""
    users = None
    reminders = []
    for activity in activities_overdue(today):
        users = _staff_users() if users is None else users
        # The event's template reads the title in each recipient's language.
        values = {
            "activity": activity,
            "deadline": official_date_lazy(activity.deadline),
            "responsible": activity.responsible,
        }
        reminders.append(
            {
                "key": f"engagement_plan.activity_overdue:{activity.pk}",
                "users": users,
                "event": "engagement_plan.activity_overdue",
                "context": values,
            }
        )
    return reminders


def plans_due_for_review_check(today: datetime.date) -> list[dict]:
    """Plans approved more than a year ago: time to review them (4.11); once a year."""
    reminders = []
    for plan in plans_due_for_review(today):
        values = {"plan": plan, "date": official_date_lazy(plan.approved_at)}
        reminders.append(
            {
                "key": f"engagement_plan.plan_review:{plan.pk}:{today.year}",
                "users": _staff_users(),
                "event": "engagement_plan.plan_review",
                "context": values,
            }
        )
    return reminders


def office_attention(user) -> list[tuple[str, str]]:
    """Items for the office landing page: overdue activities and plans due for review."""
    url = reverse("engagement_plan:office")
    items = []
    overdue = activities_overdue().count()
    if overdue:
        items.append(
            (
                _("Engagement plan: activities past their deadline without evidence: %(n)s")
                % {"n": overdue},
                url,
            )
        )
    for plan in plans_due_for_review():
        items.append(
            (
                _(
                    "The plan “%(title)s” was approved on %(date)s, more than a year ago: "
                    "review its priorities."
                )
                % {"title": plan.title, "date": plan.approved_at.strftime("%d.%m.%Y")},
                url,
            )
        )
    return items
