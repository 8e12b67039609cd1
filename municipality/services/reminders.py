"""A registry of reminders: apps add their own deadline checks without touching this code.

    reminder_register(name="budget.hearing_tomorrow", check=hearings_due_tomorrow)

A check is a callable taking `today` (a date) and returning reminders, each a dict:
{"key": unique str, "users": iterable of User, "subject": str, "body": str}. The beat
task queues one message per user and key, so running it twice sends nothing twice.
Register in your AppConfig.ready().

Details for check authors:
- `key` names the event, not the day: "budget.hearing:12:tomorrow" is sent once ever;
  put a date or week in it only when you want the reminder repeated.
- `subject` and `body` may also be callables `(user) -> str` (or lazy strings); they
  are evaluated inside `translation.override(user.language)`, so the text comes out in
  each person's language. Plain strings are sent as they are.
- Instead of `subject`/`body`, a reminder may name a registered message event:
  {"key", "users", "event": "budget.hearing_tomorrow", "context": {...}} (see
  `municipality.services.messages`); it renders in each person's language.
- Each message goes through `user_notify` (e-mail, else SMS), with the key
  `reminder:<key>:user:<user id>`.
- A check that raises is logged and skipped; the others still run.
- `reminders_send(today=...)` runs them all (the daily beat task `reminders_send_task`).
"""

import logging
from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from municipality.dates import official_date_lazy
from municipality.models import LocalIssueList, Role, User

from .messages import message_render
from .outbox import user_notify

logger = logging.getLogger(__name__)

REMINDERS: dict[str, Callable] = {}


def reminder_register(*, name: str, check: Callable) -> None:
    """Register a reminder check under a name (called from AppConfig.ready())."""
    REMINDERS[name] = check


def _text(value, user) -> str:
    return str(value(user) if callable(value) else value)


def reminders_send(*, today: date | None = None) -> int:
    """Run every registered check and queue its reminders; returns how many were notified."""
    today = today or timezone.localdate()
    count = 0
    for name, check in list(REMINDERS.items()):
        try:
            reminders = list(check(today) or [])
        except Exception:
            logger.exception("reminder check %s failed", name)
            continue
        for reminder in reminders:
            for user in reminder["users"]:
                if not (user.email or user.phone):
                    continue
                language = user.language or settings.LANGUAGE_CODE
                sms = ""
                if "event" in reminder:
                    text = message_render(
                        event=reminder["event"], context=reminder["context"], language=language
                    )
                    subject, body, sms = text.subject, text.body, text.sms
                else:
                    with translation.override(language):
                        subject = _text(reminder["subject"], user)
                        body = _text(reminder["body"], user)
                with transaction.atomic():
                    user_notify(
                        user=user,
                        subject=subject,
                        body=body,
                        sms=sms,
                        idempotency_key=f"reminder:{reminder['key']}:user:{user.pk}",
                    )
                count += 1
    return count


def office_users():
    """Active staff and head users: who keeps the portal's official lists up to date."""
    return (
        User.objects.filter(is_active=True, groups__name__in=[Role.STAFF, Role.HEAD])
        .distinct()
        .order_by("pk")
    )


def local_issues_list_due(today: date) -> list[dict]:
    """The local-issues list must be published again every six months (183 days).

    Warns once 14 days before the limit and, once it is overdue, once a week.
    """
    latest = LocalIssueList.objects.order_by("-published_at").first()
    if latest is None:
        return []
    max_age = getattr(settings, "LOCAL_ISSUES_MAX_AGE_DAYS", 183)
    published = timezone.localtime(latest.published_at).date()
    due = published + timedelta(days=max_age)
    if today < due - timedelta(days=14):
        return []
    dates = {"published": official_date_lazy(published), "due": official_date_lazy(due)}
    if today < due:
        key = f"municipality.local_issues:{latest.pk}:soon"
        subject = lambda user: gettext("The list of local issues is due for renewal")  # noqa: E731

        def body(user):
            return (
                gettext(
                    "The list of local issues was published on %(published)s. It has to be reviewed "
                    "and published again by %(due)s."
                )
                % dates
            )
    else:
        week = (today - due).days // 7
        key = f"municipality.local_issues:{latest.pk}:overdue:{week}"
        subject = lambda user: gettext("The list of local issues is out of date")  # noqa: E731

        def body(user):
            return (
                gettext(
                    "The list of local issues was published on %(published)s; it had to be renewed "
                    "by %(due)s. Review it and publish it again."
                )
                % dates
            )

    return [{"key": key, "users": list(office_users()), "subject": subject, "body": body}]
