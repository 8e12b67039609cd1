"""The notification outbox: every message is a row before anything is sent.

Interface used by the other apps (keep it stable):

    message_queue(*, channel, recipient, subject, body, idempotency_key,
                  user=None, language="ky") -> OutboxMessage

The same idempotency key never produces a second row; sending happens in a
Celery task after commit.
"""

from django.db import IntegrityError, transaction

from municipality.models import OutboxMessage


def message_queue(
    *,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    idempotency_key: str,
    user=None,
    language: str = "ky",
) -> OutboxMessage:
    """Write a message to the outbox once per key and send it after commit."""
    from municipality.tasks import message_send_task

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
            )
    except IntegrityError:
        return OutboxMessage.objects.get(idempotency_key=idempotency_key)
    transaction.on_commit(lambda: message_send_task.delay(message_id=message.pk))
    return message


def user_notify(*, user, subject: str, body: str, idempotency_key: str) -> list[OutboxMessage]:
    """Send a message to a user by e-mail and/or SMS, whichever they have, in their language."""
    messages = []
    if user.email:
        messages.append(
            message_queue(channel=OutboxMessage.Channel.EMAIL, recipient=user.email,
                          subject=subject, body=body, user=user, language=user.language,
                          idempotency_key=f"{idempotency_key}:email")
        )
    elif user.phone:
        messages.append(
            message_queue(channel=OutboxMessage.Channel.SMS, recipient=user.phone,
                          subject=subject, body=body, user=user, language=user.language,
                          idempotency_key=f"{idempotency_key}:sms")
        )
    return messages
