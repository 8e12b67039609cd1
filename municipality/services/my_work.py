"""A registry of what each person has to do or follow, for their start page "Менин иштерим".

Apps add their parts in AppConfig.ready(), as with the office's attention list:

    from municipality.services.my_work import my_work_register
    my_work_register(name="initiatives", fn=my_work.items)

A provider is `fn(user) -> list[dict]`; each item has `section` (a translated heading),
`title`, `url`, `status` (translated text) and optionally `urgent` (True: waits for this
person). Providers run per request in the page's language, with one or two queries
each, and a provider that raises is logged and skipped.
"""

import logging
from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _

from municipality.models import Person, Subscription
from municipality.permissions import is_office

from .attention import attention_items

logger = logging.getLogger(__name__)

PROVIDERS: dict[str, Callable] = {}


def my_work_register(*, name: str, fn: Callable) -> None:
    """Add (or replace) the provider called `name`."""
    PROVIDERS[name] = fn


def my_work_sections(*, user) -> list[dict]:
    """The person's items grouped by section, urgent sections first."""
    sections: dict[str, list[dict]] = {}
    for name, fn in PROVIDERS.items():
        try:
            items = fn(user) or []
        except Exception:  # noqa: BLE001 — one app's broken provider must not break the page
            logger.exception("my-work provider %s failed", name)
            continue
        for item in items:
            sections.setdefault(str(item["section"]), []).append(item)
    grouped = [
        {"title": title, "items": items, "urgent": any(i.get("urgent") for i in items)}
        for title, items in sections.items()
    ]
    return sorted(grouped, key=lambda section: not section["urgent"])


def office_items(user) -> list[dict]:
    """Staff and the head: the office's "needs attention" list."""
    if not is_office(user):
        return []
    section = _("Needs the office's attention")
    return [
        {"section": section, "title": text, "url": url, "status": "", "urgent": True}
        for text, url in attention_items(user=user)
    ]


def subscription_items(user) -> list[dict]:
    """Everyone: the notices they receive, and where."""
    return [
        {
            "section": _("My subscriptions"),
            "title": subscription.address,
            "url": reverse("municipality:unsubscribe", args=[subscription.token]),
            "status": _("Confirmed") if subscription.confirmed_at else _("Not confirmed yet"),
        }
        for subscription in Subscription.objects.filter(user=user).order_by("pk")
    ]


my_work_register(name="municipality.office", fn=office_items)
my_work_register(name="municipality.subscriptions", fn=subscription_items)


def my_data_export(*, user) -> dict:
    """The person's own data as plain JSON-ready values: the account, their record in the
    register of people, subscriptions, and what every app lists for them (the same
    registry as the start page: applications, proposals, comments… with statuses)."""
    person = Person.objects.filter(user=user).select_related("village").first()
    account = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "sex": getattr(user, "sex", ""),
        "birth_year": getattr(user, "birth_year", None),
        "village": str(user.village) if getattr(user, "village", None) else "",
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
    }
    record = None
    if person is not None:
        record = {
            "full_name": person.full_name,
            "village": str(person.village or ""),
            "address": person.address,
            "sex": person.sex,
            "birth_year": person.birth_year,
            "phone": person.phone,
            "consent": person.consent,
            "consent_at": person.consent_at.isoformat(),
        }
    subscriptions = [
        {"channel": s.channel, "address": s.address, "categories": s.categories}
        for s in Subscription.objects.filter(user=user).order_by("pk")
    ]
    items = [
        {
            "section": section["title"],
            "title": str(item["title"]),
            "status": str(item.get("status", "")),
            "url": item.get("url", ""),
        }
        for section in my_work_sections(user=user)
        for item in section["items"]
    ]
    return {
        "account": account,
        "register_record": record,
        "subscriptions": subscriptions,
        "items": items,
    }
