"""Sending outbox rows: claim, deliver, mark — and re-queue what a dead worker left behind.

A row moves PENDING → SENDING (claimed by exactly one worker with an atomic
conditional UPDATE) → SENT, or back to PENDING with `last_error` when the gateway
fails, or FAILED after `OUTBOX_MAX_ATTEMPTS` attempts. Two tasks for the same row
(a re-queue, a redelivered broker message) cannot both send it: only one UPDATE
wins the claim.

What "exactly once" means at the gateway edge: a worker can die after the
gateway accepted a message and before the row was marked SENT. The row then
stays SENDING and `outbox_requeue` hands it out again after
`OUTBOX_SENDING_TIMEOUT`, so the gateway can see the same message twice. Every
delivery therefore carries the row's idempotency key (SMS: `id` in the gateway
request; e-mail: a Message-ID derived from the key), and a gateway that
de-duplicates by that reference delivers it once. Inside our own system each
row is sent by at most one worker at a time and marked SENT exactly once.
"""

import hashlib
import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection as db
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from municipality.models import OutboxMessage
from municipality.queue import task_named
from municipality.sms import get_sms_backend
from municipality.telegram import telegram_send

from .audit import audit_record

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status


def _setting(name: str, default):
    return getattr(settings, name, default)


def outbox_max_attempts() -> int:
    """How many times a message is tried before it counts as failed."""
    return _setting("OUTBOX_MAX_ATTEMPTS", 6)


def outbox_sending_timeout() -> timedelta:
    """How long a row may stay claimed before it counts as abandoned (longer than any send)."""
    return timedelta(seconds=_setting("OUTBOX_SENDING_TIMEOUT", 600))


def outbox_pending_grace() -> timedelta:
    """How long a new row may wait for its task before the beat task queues it again."""
    return timedelta(seconds=_setting("OUTBOX_PENDING_GRACE", 300))


def retry_countdown(*, attempts: int) -> int:
    """Seconds before the next attempt: exponential (30 s, 60 s, 120 s…), jittered, ≤ 1 h."""
    base = _setting("OUTBOX_RETRY_BASE", 30)
    ceiling = min(3600, base * 2 ** max(attempts - 1, 0))
    return random.randint(max(1, ceiling // 2), max(1, ceiling))  # noqa: S311


class SendFailed(Exception):
    """One attempt failed and the row went back to PENDING; `countdown` says when to try again."""

    def __init__(self, message: str, countdown: int):
        super().__init__(message)
        self.countdown = countdown


def message_claim(*, message_id: int) -> OutboxMessage | None:
    """Take a PENDING row for this worker; None when it is sent, failed or someone else's."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(pk=message_id, status=Status.PENDING).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return None
    return OutboxMessage.objects.get(pk=message_id)


def _message_id_header(message: OutboxMessage) -> str:
    digest = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def message_deliver(*, message: OutboxMessage, connection=None) -> None:
    """Hand one message to its gateway; raises whatever the gateway raises.
    `connection`: an open e-mail connection shared by a batch (one SMTP session)."""
    if message.channel == OutboxMessage.Channel.EMAIL:
        headers = {
            "Message-ID": _message_id_header(message),
            "X-Jamaat-Key": message.idempotency_key,
        }
        if message.unsubscribe_url:
            headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.recipient],
            headers=headers,
            connection=connection,
        )
        email.send(fail_silently=False)
    elif message.channel == OutboxMessage.Channel.TELEGRAM:
        text = f"{message.subject}\n\n{message.body}" if message.subject else message.body
        telegram_send(chat_id=message.recipient, text=text)
    else:
        text = f"{message.subject}\n{message.body}" if message.subject else message.body
        get_sms_backend().send(phone=message.recipient, text=text, key=message.idempotency_key)


def sms_daily_budget() -> int:
    """How many SMS may leave a day, emergencies aside."""
    return _setting("SMS_DAILY_BUDGET", 300)


def sms_sent_today(*, now=None) -> int:
    """SMS handed to the gateway since midnight (Bishkek time), emergencies included."""
    now = now or timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return OutboxMessage.objects.filter(
        channel=OutboxMessage.Channel.SMS, status=Status.SENT, sent_at__gte=midnight
    ).count()


def sms_held_count() -> int:
    """SMS waiting in the outbox because the day's budget was spent."""
    return OutboxMessage.objects.filter(
        channel=OutboxMessage.Channel.SMS, status=Status.PENDING, last_error=SMS_HELD
    ).count()


# The SMS budget: SMS_DAILY_BUDGET messages a day are handed to the gateway. An emergency
# notice (`urgent`) always goes. Any other SMS claimed when the budget is spent is held:
# it goes back to PENDING with this note and without using up an attempt, and
# `outbox_requeue` hands it out again every few minutes, so it is sent shortly after
# midnight, when the count starts again. Nothing is dropped. The office sees the count
# and the held messages in its "needs attention" list (municipality.services.attention).
SMS_HELD = "held: the daily SMS budget is spent; it goes out tomorrow"


def message_send(*, message_id: int) -> bool:
    """Send one outbox row once. True when this call sent it, False when there was nothing to do.

    Raises SendFailed when the gateway failed and another attempt is due; after the
    last attempt the row is FAILED with the error and nothing is raised.
    """
    message = message_claim(message_id=message_id)
    if message is None:
        return False
    mine = OutboxMessage.objects.filter(
        pk=message.pk, status=Status.SENDING, claimed_at=message.claimed_at
    )
    if (
        message.channel == OutboxMessage.Channel.SMS
        and not message.urgent
        and sms_sent_today() >= sms_daily_budget()
    ):
        mine.update(
            status=Status.PENDING,
            claimed_at=None,
            attempts=F("attempts") - 1,
            last_error=SMS_HELD,
            updated_at=timezone.now(),
        )
        logger.warning("outbox %s: SMS budget spent, held for tomorrow", message.pk)
        return False
    try:
        message_deliver(message=message)
    except Exception as exc:  # noqa: BLE001 — any gateway error is retried, then recorded
        error = f"{type(exc).__name__}: {exc}"[:2000]
        now = timezone.now()
        if message.attempts >= outbox_max_attempts():
            mine.update(status=Status.FAILED, last_error=error, updated_at=now)
            logger.warning("outbox %s failed for good: %s", message.pk, error)
            return False
        mine.update(status=Status.PENDING, claimed_at=None, last_error=error, updated_at=now)
        raise SendFailed(error, retry_countdown(attempts=message.attempts)) from exc
    now = timezone.now()
    if not mine.update(status=Status.SENT, sent_at=now, last_error="", updated_at=now):
        # The claim outlived OUTBOX_SENDING_TIMEOUT and another worker took the row over;
        # the gateway saw the key twice and is trusted to deliver it once.
        logger.warning("outbox %s: claim expired while sending", message.pk)
    return True


#: Celery priorities on Redis (CELERY_BROKER_TRANSPORT_OPTIONS): 0 is taken first. Every task
#: has CELERY_TASK_DEFAULT_PRIORITY; an emergency message jumps ahead of all of them.
URGENT_PRIORITY = 0


def message_dispatch(*, message_id: int, urgent: bool = False) -> None:
    """Queue the send task; when the broker is down the row stays PENDING for `outbox_requeue`.
    An urgent row (an emergency notice) is queued ahead of every routine task."""
    try:
        options = {"priority": URGENT_PRIORITY} if urgent else {}
        task_named(name="municipality.tasks.message_send_task").apply_async(
            kwargs={"message_id": message_id}, **options
        )
    except Exception:  # noqa: BLE001 — the broker is down; the beat task picks the row up
        if _setting("CELERY_TASK_ALWAYS_EAGER", False):
            raise
        logger.warning("outbox %s: broker unavailable, left pending", message_id, exc_info=True)


def _batch_size() -> int:
    return max(1, _setting("OUTBOX_BATCH_SIZE", 100))


def messages_dispatch(*, message_ids: list[int], urgent: bool = False) -> None:
    """Queue the rows in batches, one task per OUTBOX_BATCH_SIZE rows (not one per row); when
    the broker is down they stay PENDING for `outbox_requeue`. Urgent batches go first."""
    task = task_named(name="municipality.tasks.messages_send_task")
    options = {"priority": URGENT_PRIORITY} if urgent else {}
    size = _batch_size()
    for start in range(0, len(message_ids), size):
        batch = list(message_ids[start : start + size])
        try:
            task.apply_async(kwargs={"message_ids": batch}, **options)
        except Exception:  # noqa: BLE001 — the broker is down; the beat task picks them up
            if _setting("CELERY_TASK_ALWAYS_EAGER", False):
                raise
            logger.warning("outbox: broker unavailable, %s rows left pending", len(batch))
            return


def messages_claim(*, message_ids: list[int]) -> list[OutboxMessage]:
    """Take the PENDING rows among these for this worker, atomically: on PostgreSQL the rows
    are locked with SKIP LOCKED (another worker's rows are skipped, not waited for), then
    moved to SENDING in the same transaction; a row already taken is left out."""
    now = timezone.now()
    with transaction.atomic():
        pending = OutboxMessage.objects.filter(pk__in=message_ids, status=Status.PENDING)
        if db.features.has_select_for_update_skip_locked:
            ids = list(pending.select_for_update(skip_locked=True).values_list("pk", flat=True))
            pending = OutboxMessage.objects.filter(pk__in=ids, status=Status.PENDING)
        if not pending.update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
        ):
            return []
        return list(
            OutboxMessage.objects.filter(
                pk__in=message_ids, status=Status.SENDING, claimed_at=now
            ).order_by("pk")
        )


def _sms_allowed(message: OutboxMessage, budget: dict) -> bool:
    """Within the day's SMS budget (counted once per batch); urgent and non-SMS rows always."""
    if message.channel != OutboxMessage.Channel.SMS or message.urgent:
        return True
    if "left" not in budget:
        budget["left"] = sms_daily_budget() - sms_sent_today()
    budget["left"] -= 1
    return budget["left"] >= 0


def _message_failed(message: OutboxMessage, mine, exc: Exception) -> None:
    """The gateway refused one row of a batch: FAILED after the last attempt, else back to
    PENDING with its own retry task (backoff as for a single row)."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    now = timezone.now()
    if message.attempts >= outbox_max_attempts():
        mine.update(status=Status.FAILED, last_error=error, updated_at=now)
        return
    mine.update(status=Status.PENDING, claimed_at=None, last_error=error, updated_at=now)
    options = {"priority": URGENT_PRIORITY} if message.urgent else {}
    countdown = retry_countdown(attempts=message.attempts)
    task_named(name="municipality.tasks.message_send_task").apply_async(
        kwargs={"message_id": message.pk}, countdown=countdown, **options
    )


def _message_send_claimed(message: OutboxMessage, budget: dict, gateways: dict) -> bool:
    """Deliver one claimed row; True when its gateway took it (the caller marks it SENT)."""
    mine = OutboxMessage.objects.filter(
        pk=message.pk, status=Status.SENDING, claimed_at=message.claimed_at
    )
    if not _sms_allowed(message, budget):
        mine.update(
            status=Status.PENDING,
            claimed_at=None,
            attempts=F("attempts") - 1,
            last_error=SMS_HELD,
            updated_at=timezone.now(),
        )
        return False
    try:
        message_deliver(message=message, connection=gateways.get("mail"))
    except Exception as exc:  # noqa: BLE001 — any gateway error is retried, then recorded
        _message_failed(message, mine, exc)
        return False
    return True


#: Rows of a batch marked SENT with one UPDATE: a worker killed mid-batch can leave at most
#: this many rows, already handed to their gateway, to be handed out again (with their keys).
MARK_EVERY = 10


def _messages_mark_sent(claimed: list[OutboxMessage]) -> None:
    if not claimed:
        return
    now = timezone.now()
    OutboxMessage.objects.filter(
        pk__in=[m.pk for m in claimed], status=Status.SENDING, claimed_at=claimed[0].claimed_at
    ).update(status=Status.SENT, sent_at=now, last_error="", updated_at=now)


def messages_send(*, message_ids: list[int]) -> int:
    """Send a batch of outbox rows, each at most once; returns how many this call sent.

    The batch is claimed in one transaction, its e-mails share one SMTP connection, and the
    rows the gateways took are marked SENT every MARK_EVERY rows. A row whose gateway failed
    goes back to PENDING and gets its own retry task (`message_send_task`)."""
    claimed = messages_claim(message_ids=message_ids)
    if not claimed:
        return 0
    budget: dict = {}
    gateways = {}
    if any(m.channel == OutboxMessage.Channel.EMAIL for m in claimed):
        gateways["mail"] = get_connection(fail_silently=False)
    sent, done = 0, []
    try:
        for message in claimed:
            if _message_send_claimed(message, budget, gateways):
                done.append(message)
            if len(done) >= MARK_EVERY:
                _messages_mark_sent(done)
                sent, done = sent + len(done), []
    finally:
        _messages_mark_sent(done)
        if "mail" in gateways:
            gateways["mail"].close()
    return sent + len(done)


def outbox_requeue(*, now=None) -> int:
    """Queue again rows whose task was lost; returns how many.

    - PENDING rows never tried, untouched for `OUTBOX_PENDING_GRACE` (the broker was down);
    - PENDING rows waiting for a retry longer than the longest backoff (the retry was lost);
    - SENDING rows claimed longer ago than `OUTBOX_SENDING_TIMEOUT` (the worker died):
      released to PENDING first, so only one new claim can win.
    """
    now = now or timezone.now()
    stuck = OutboxMessage.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - outbox_sending_timeout()
    )
    stuck.filter(attempts__gte=outbox_max_attempts()).update(
        status=Status.FAILED, last_error="worker lost while sending", updated_at=now
    )
    released = list(stuck.values_list("pk", flat=True))
    stuck.filter(pk__in=released).update(status=Status.PENDING, claimed_at=None, updated_at=now)
    grace = outbox_pending_grace()
    lost = OutboxMessage.objects.filter(status=Status.PENDING).filter(
        Q(attempts=0, updated_at__lt=now - grace)
        | Q(attempts__gt=0, updated_at__lt=now - grace - timedelta(seconds=3600))
        | Q(pk__in=released)
    )
    rows = list(lost.order_by("-urgent", "pk").values_list("pk", "urgent")[:5000])
    ids = [pk for pk, _ in rows]
    # Touch them, so a long queue is not topped up with the same rows every minute.
    OutboxMessage.objects.filter(pk__in=ids, status=Status.PENDING).update(updated_at=now)
    for urgent in (True, False):
        messages_dispatch(message_ids=[pk for pk, u in rows if u == urgent], urgent=urgent)
    return len(ids)


def message_retry(*, message: OutboxMessage, actor) -> OutboxMessage:
    """Staff send a FAILED row again: a fresh attempt budget, queued after commit, audited."""
    with transaction.atomic():
        now = timezone.now()
        updated = OutboxMessage.objects.filter(pk=message.pk, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, claimed_at=None, updated_at=now
        )
        if not updated:
            raise ValidationError(gettext("Only a failed message can be sent again."))
        audit_record(
            actor=actor,
            obj=message,
            old=Status.FAILED,
            new=Status.PENDING,
            reason=message.last_error[:500],
        )
        transaction.on_commit(lambda: message_dispatch(message_id=message.pk))
    message.refresh_from_db()
    return message
