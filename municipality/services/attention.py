"""A registry of "needs attention" items shown on the office landing page (/<lang>/office/).

Any app can add its own check without touching the kernel:

    # budget/apps.py
    class BudgetConfig(AppConfig):
        def ready(self):
            from municipality.services.attention import attention_register
            from . import selectors
            attention_register(
                name="budget.proposals_waiting", fn=selectors.proposals_waiting_attention
            )

A check is a callable `fn(user) -> list[tuple[str, str]]`: each item is a (text, url) pair,
the text already translated (use gettext inside the function: it runs per request in the
page's language) and the url a link to the page where the person acts. Return [] when all
is well. Keep each check to one or two cheap queries: the office page calls every check on
each visit. A check that raises is logged and skipped, so one broken app cannot take the
office page down.

`versioned=True` (issue 19: the office start page) says that a check reads only the
database and otherwise depends only on the date: its items are then kept in the "pages"
cache under the public content version and the stored data version (any write to the
database, municipality/data_version.py), the date, the language and the person, so
the very next request after any write computes them again. Checks that read the clock, the
cache or the disk (the worker, backups) stay live: they run on every visit.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.fragments import fragment_get_or_render, fragment_version
from municipality.selectors.local_issues import local_issues_list_age

from . import operations
from .sending import sms_daily_budget, sms_held_count, sms_sent_today

logger = logging.getLogger(__name__)

ATTENTION: dict[str, Callable] = {}
# The checks registered with versioned=True (see the module's docstring).
VERSIONED: set[str] = set()


class _CheckFailed(Exception):
    """A versioned check raised: its items are shown without it and nothing is stored."""


def attention_register(*, name: str, fn: Callable, versioned: bool = False) -> None:
    """Add (or replace) the check called `name`; `versioned`: see the module's docstring."""
    ATTENTION[name] = fn
    if versioned:
        VERSIONED.add(name)
    else:
        VERSIONED.discard(name)


def _run(name: str, fn: Callable, user) -> list[tuple[str, str]] | None:
    """The check's items, or None when it raised (logged)."""
    try:
        return list(fn(user) or [])
    except Exception:  # noqa: BLE001 — one app's broken check must not break the page
        logger.exception("attention check %s failed", name)
        return None


def _versioned_items(user) -> dict[str, list]:
    """The versioned checks' items by name; cached unless one of them failed."""
    failed: dict[str, list] = {}

    def render():
        found = {}
        for name, fn in ATTENTION.items():
            if name in VERSIONED:
                found[name] = _run(name, fn, user)
        if any(value is None for value in found.values()):
            failed.update(found)
            raise _CheckFailed
        return found

    try:
        return fragment_get_or_render(
            name="attention",
            version=fragment_version(stored_data=True),
            parts=(user.pk, timezone.localdate().isoformat(), *sorted(VERSIONED)),
            render=render,
        )
    except _CheckFailed:
        return failed


def attention_items(*, user) -> list[tuple[str, str]]:
    """Every registered check's items for `user`, in registration order."""
    versioned = _versioned_items(user)
    items: list[tuple[str, str]] = []
    for name, fn in ATTENTION.items():
        found = versioned.get(name) if name in VERSIONED else _run(name, fn, user)
        items.extend(found or [])
    return items


def local_issue_list_attention(user) -> list[tuple[str, str]]:
    """Seed 004 (2.5): the list must be updated at least every six months."""
    try:
        url = reverse("municipality:office-local-issues")
    except NoReverseMatch:
        url = ""
    age = local_issues_list_age()
    max_age = settings.LOCAL_ISSUES_MAX_AGE_DAYS
    if age is None:
        return [(_("The list of local issues has never been published."), url)]
    if age > max_age:
        return [
            (
                _(
                    "The list of local issues was last updated %(days)s days ago; it must be "
                    "updated at least every six months."
                )
                % {"days": age},
                url,
            )
        ]
    if age > max_age - 30:
        return [
            (
                _("The list of local issues must be updated within %(days)s days.")
                % {"days": max_age - age},
                url,
            )
        ]
    return []


def sms_budget_attention(user) -> list[tuple[str, str]]:
    """The day's SMS budget (SMS_DAILY_BUDGET): a warning at 80 %, another when it is spent."""
    budget = sms_daily_budget()
    sent = sms_sent_today()
    try:
        url = reverse("municipality:office-outbox")
    except NoReverseMatch:
        url = ""
    if sent >= budget:
        return [
            (
                _(
                    "Today's SMS budget is spent (%(sent)s of %(budget)s). Only emergency "
                    "notices go by SMS today; %(held)s other SMS wait and go out tomorrow."
                )
                % {"sent": sent, "budget": budget, "held": sms_held_count()},
                url,
            )
        ]
    if sent >= budget * 0.8:
        return [
            (
                _("%(sent)s of today's %(budget)s SMS are already sent.")
                % {"sent": sent, "budget": budget},
                url,
            )
        ]
    return []


# The list is published by `local_issue_list_publish` (audited); its age is counted in days.
attention_register(
    name="municipality.local_issue_list_age", fn=local_issue_list_attention, versioned=True
)
attention_register(name="municipality.sms_budget", fn=sms_budget_attention)


def operations_attention(user) -> list[tuple[str, str]]:
    """Staff are told when the nightly backup or the worker has stopped: both fail silently
    otherwise. Backups are watched where they are made (BACKUP_MONITOR, on in production);
    the worker wherever tasks go through a broker."""
    items = []
    if settings.BACKUP_MONITOR and operations.backup_stale():
        age = operations.backup_age_hours()
        if age is None:
            text = _("No backup of the portal has been made yet. Tell the IT person.")
        else:
            text = _(
                "The last backup of the portal was made %(days)s days ago. Tell the IT person."
            ) % {"days": int(age // 24)}
        items.append((text, ""))
    elif settings.BACKUP_MONITOR and operations.backup_offsite_stale():
        items.append(
            (
                _(
                    "Backups have not been copied off the server for more than two days. "
                    "Tell the IT person."
                ),
                "",
            )
        )
    if operations.worker_silent():
        items.append(
            (
                _(
                    "The background worker is not answering: SMS, e-mails and documents are "
                    "not being sent. Tell the IT person."
                ),
                "",
            )
        )
    return items


attention_register(name="municipality.operations", fn=operations_attention)
