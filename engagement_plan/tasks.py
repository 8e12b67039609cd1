"""Reminder checks for the kernel's daily reminder run and the office "needs attention" list.

See municipality/services/reminders.py and municipality/services/attention.py.
"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from municipality.models import Role

from .selectors import activities_overdue, plans_due_for_review


def _staff_users():
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.STAFF, is_active=True)
        .distinct()
        .order_by("pk")
    )


def _with_title(values: dict) -> dict:
    """`values` with the activity's or plan's title in the active (the recipient's) language."""
    obj = values.get("activity") or values["plan"]
    return {**values, "title": obj.title}


def overdue_activities_check(today: datetime.date) -> list[dict]:
    """Activities whose deadline passed without evidence: staff are told once per activity."""
    users = None
    reminders = []
    for activity in activities_overdue(today):
        users = _staff_users() if users is None else users
        # The kernel calls subject and body in the user's language: read the title there.
        values = {
            "activity": activity,
            "deadline": activity.deadline.strftime("%d.%m.%Y"),
            "responsible": activity.responsible,
        }
        reminders.append(
            {
                "key": f"engagement_plan.activity_overdue:{activity.pk}",
                "users": users,
                "subject": lambda user, v=values: (
                    _("Activity overdue: %(title)s") % _with_title(v)
                ),
                "body": lambda user, v=values: (
                    _(
                        "The deadline of the activity “%(title)s” (%(deadline)s) has passed and "
                        "no evidence has been recorded. Responsible: %(responsible)s."
                    )
                    % _with_title(v)
                ),
            }
        )
    return reminders


def plans_due_for_review_check(today: datetime.date) -> list[dict]:
    """Plans approved more than a year ago: time to review them (4.11); once a year."""
    reminders = []
    for plan in plans_due_for_review(today):
        values = {"plan": plan, "date": plan.approved_at.strftime("%d.%m.%Y")}
        reminders.append(
            {
                "key": f"engagement_plan.plan_review:{plan.pk}:{today.year}",
                "users": _staff_users(),
                "subject": lambda user: _("The engagement plan is more than a year old"),
                "body": lambda user, v=values: (
                    _(
                        "The plan “%(title)s” was approved on %(date)s. Review whether its "
                        "priorities still hold; it may be revised once a year."
                    )
                    % _with_title(v)
                ),
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
