"""The notification outbox: every message is a row before anything is sent.

Interface used by the other apps (keep it stable):

    message_queue(*, channel, recipient, subject, body, idempotency_key,
                  user=None, language="ky", unsubscribe_url="", urgent=False) -> OutboxMessage
    messages_queue_bulk(*, messages: list[dict], urgent=False) -> int   (thousands at once)
    user_notify(*, user, subject, body, idempotency_key, sms="") -> list[OutboxMessage]

The same idempotency key never produces a second row; sending happens in a
Celery task after commit (`municipality.services.sending`). Write subject and
body in the recipient's language (`translation.override(user.language)`).
`user_notify` appends a line pointing to the account page, where a resident
manages what they receive; it sends SMS only to a phone confirmed by a code.
`urgent=True` (emergency notices) sends an SMS even when the day's SMS budget is
spent; other SMS wait for the next day (`municipality.services.sending`).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from municipality.models import OutboxMessage

from .sending import message_dispatch, messages_dispatch


def absolute_url(*, path: str) -> str:
    """A link for a message: SITE_URL plus a path from reverse()."""
    return settings.SITE_URL.rstrip("/") + path


def message_queue(
    *,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    idempotency_key: str,
    user=None,
    language: str = "ky",
    unsubscribe_url: str = "",
    urgent: bool = False,
) -> OutboxMessage:
    """Write a message to the outbox once per key and send it after commit."""
    existing = OutboxMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                channel=channel,
                recipient=recipient,
                subject=subject[:300],
                body=body,
                idempotency_key=idempotency_key,
                user=user,
                language=language,
                unsubscribe_url=unsubscribe_url,
                urgent=urgent,
            )
    except IntegrityError:
        return OutboxMessage.objects.get(idempotency_key=idempotency_key)
    transaction.on_commit(lambda: message_dispatch(message_id=message.pk, urgent=urgent))
    return message


def messages_queue_bulk(*, messages: list[dict], urgent: bool = False) -> int:
    """Write many messages to the outbox at once (bulk INSERT, a key already there is skipped)
    and queue them in batches after commit; returns how many rows are new.

    Each dict has the fields of `message_queue` (channel, recipient, subject, body,
    idempotency_key, and optionally user, language, unsubscribe_url)."""
    keys = [m["idempotency_key"] for m in messages]
    with transaction.atomic():
        existing = _keys_existing(keys)
        rows = [
            OutboxMessage(**{**m, "subject": m.get("subject", "")[:300]}, urgent=urgent)
            for m in messages
            if m["idempotency_key"] not in existing
        ]
        OutboxMessage.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        fresh = [row.idempotency_key for row in rows]
        ids = []
        for start in range(0, len(fresh), 1000):
            ids += OutboxMessage.objects.filter(
                idempotency_key__in=fresh[start : start + 1000],
                status=OutboxMessage.Status.PENDING,
            ).values_list("pk", flat=True)
        ids.sort()
        transaction.on_commit(lambda: messages_dispatch(message_ids=ids, urgent=urgent))
    return len(rows)


def _keys_existing(keys: list[str]) -> set[str]:
    found = set()
    for start in range(0, len(keys), 1000):
        found.update(
            OutboxMessage.objects.filter(
                idempotency_key__in=keys[start : start + 1000]
            ).values_list("idempotency_key", flat=True)
        )
    return found


def user_notify(
    *, user, subject: str, body: str, idempotency_key: str, sms: str = ""
) -> list[OutboxMessage]:
    """Send a message to a user by e-mail or SMS, whichever they have, in their language.

    `sms` is a shorter text for the SMS channel (the body when empty)."""
    messages = []
    with translation.override(user.language or settings.LANGUAGE_CODE):
        account = absolute_url(path=reverse("municipality:account"))
        footer = gettext("Your notifications: %(url)s") % {"url": account}
    sms = f"{sms or body}\n\n{footer}"
    body = f"{body}\n\n{footer}"
    if user.email:
        messages.append(
            message_queue(
                channel=OutboxMessage.Channel.EMAIL,
                recipient=user.email,
                subject=subject,
                body=body,
                user=user,
                language=user.language,
                idempotency_key=f"{idempotency_key}:email",
            )
        )
    elif user.phone and user.phone_confirmed_at:
        messages.append(
            message_queue(
                channel=OutboxMessage.Channel.SMS,
                recipient=user.phone,
                subject=subject,
                body=sms,
                user=user,
                language=user.language,
                idempotency_key=f"{idempotency_key}:sms",
            )
        )
    return messages
