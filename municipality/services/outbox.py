"""The notification outbox: every message is a row before anything is sent.

Interface used by the other apps (keep it stable):

    message_queue(*, channel, recipient, subject, body, idempotency_key,
                  user=None, language="ky", unsubscribe_url="", urgent=False) -> OutboxMessage
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

from .sending import message_dispatch


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
