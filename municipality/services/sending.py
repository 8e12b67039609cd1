from django.core.mail import send_mail
from django.utils import timezone

from municipality.models import OutboxMessage


def message_send(*, message_id: int) -> None:
    """Send one pending outbox message; a sent one is left alone."""
    message = OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).first()
    if message is None:
        return
    if message.channel == OutboxMessage.Channel.EMAIL:
        send_mail(message.subject, message.body, None, [message.recipient])
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.attempts += 1
    message.save(update_fields=["status", "sent_at", "attempts", "updated_at"])
