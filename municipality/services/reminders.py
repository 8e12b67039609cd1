"""A registry of reminders: apps add their own deadline checks without touching this code.

    reminder_register("budget.hearing_tomorrow", hearings_due_tomorrow)

A check is a callable taking `today` (a date) and returning reminders, each a dict:
{"key": unique str, "users": iterable of User, "subject": str, "body": str}. The beat
task queues one message per user and key, so running it twice sends nothing twice.
Register in your AppConfig.ready().
"""

from collections.abc import Callable

REMINDERS: dict[str, Callable] = {}


def reminder_register(name: str, check: Callable) -> None:
    REMINDERS[name] = check
