"""Reminder checks for the kernel's daily reminder run (see municipality/services/reminders.py)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from municipality.models import Role

from .selectors import activities_overdue, plans_due_for_review


def _staff_users():
    return get_user_model().objects.filter(groups__name=Role.STAFF, is_active=True).distinct()


def _per_user(key: str, render) -> list[dict]:
    """One reminder per staff user, written in that user's language."""
    reminders = []
    for user in _staff_users():
        with translation.override(user.language or "ky"):
            subject, body = render()
        reminders.append({"key": key, "users": [user], "subject": subject, "body": body})
    return reminders


def overdue_activities_check(today: datetime.date) -> list[dict]:
    """Activities whose deadline passed without evidence."""
    reminders = []
    for activity in activities_overdue(today):

        def render(activity=activity):
            return (
                _("Activity overdue: %(title)s") % {"title": activity.title},
                _(
                    "The deadline of the activity “%(title)s” (%(deadline)s) has passed and "
                    "no evidence has been recorded. Responsible: %(responsible)s."
                )
                % {
                    "title": activity.title,
                    "deadline": activity.deadline.strftime("%d.%m.%Y"),
                    "responsible": activity.responsible,
                },
            )

        reminders += _per_user(f"engagement_plan.activity_overdue:{activity.pk}", render)
    return reminders


def plans_due_for_review_check(today: datetime.date) -> list[dict]:
    """Plans approved more than a year ago: time to review them (4.11)."""
    reminders = []
    for plan in plans_due_for_review(today):

        def render(plan=plan):
            return (
                _("The engagement plan is more than a year old"),
                _(
                    "The plan “%(title)s” was approved on %(date)s. Review whether its "
                    "priorities still hold; it may be revised once a year."
                )
                % {"title": plan.title, "date": plan.approved_at.strftime("%d.%m.%Y")},
            )

        reminders += _per_user(
            f"engagement_plan.plan_review:{plan.pk}:{today.year}", render
        )
    return reminders
