"""Celery tasks are interfaces: they take ids and call one service.

Imports go one way: tasks import services; services queue a task by its name
(`municipality.queue.task_named`), never by importing this module."""

from celery import shared_task

from municipality.models import OfficialDocument
from municipality.services import document_render
from municipality.services.accounts import signups_expired_delete
from municipality.services.documents import documents_requeue
from municipality.services.operations import backup_nightly, worker_heartbeat_record
from municipality.services.reminders import reminders_send
from municipality.services.sending import (
    SendFailed,
    message_send,
    messages_send,
    outbox_requeue,
)
from municipality.services.subscriptions import notice_notify_subscribers, notices_notify_due


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def document_render_task(*, document_id: int) -> None:
    document = OfficialDocument.objects.filter(pk=document_id).first()
    if document is not None:
        document_render(document=document)


@shared_task(acks_late=True)
def notice_notify_task(*, notice_id: int) -> None:
    notice_notify_subscribers(notice_id=notice_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def message_send_task(self, *, message_id: int) -> None:
    """Send one outbox row; on a gateway error retry with exponential backoff and jitter.

    The attempt count lives on the row (`OUTBOX_MAX_ATTEMPTS`), so re-queued and
    redelivered tasks share one budget; after the last attempt the row is FAILED.
    """
    while True:
        try:
            message_send(message_id=message_id)
            return
        except SendFailed as exc:
            if not self.request.is_eager:
                raise self.retry(exc=exc, countdown=exc.countdown) from exc
            # Eager (tests, `make run` without a broker): the next attempt comes at once.


@shared_task(acks_late=True, reject_on_worker_lost=True)
def messages_send_task(*, message_ids: list[int]) -> int:
    """Send a batch of outbox rows (an emergency notice's thousands go a hundred at a time);
    a row whose gateway fails gets its own `message_send_task` with backoff."""
    return messages_send(message_ids=message_ids)


@shared_task(acks_late=True)
def outbox_requeue_task() -> int:
    """Beat: queue again rows left PENDING (broker was down) or stuck SENDING (worker died)."""
    return outbox_requeue()


@shared_task(acks_late=True)
def reminders_send_task() -> int:
    """Beat, daily: run every registered reminder check; each (key, user) is sent once."""
    return reminders_send()


@shared_task(acks_late=True)
def notices_notify_due_task() -> int:
    """Beat: notify subscribers of notices whose publication time has come."""
    return notices_notify_due()


@shared_task(acks_late=True)
def documents_requeue_task() -> int:
    """Beat: render documents left pending while the broker was down."""
    return documents_requeue()


@shared_task(acks_late=True)
def signups_expired_delete_task() -> int:
    """Beat, nightly: delete sign-ups never confirmed whose code has expired."""
    return signups_expired_delete()


@shared_task(acks_late=True, ignore_result=True)
def worker_heartbeat_task() -> None:
    """Beat, every minute: the worker that runs it writes the time (/healthz, office)."""
    worker_heartbeat_record()


@shared_task(acks_late=False)
def backup_nightly_task() -> dict:
    """Beat, nightly: backup_site, retention, restic copy off the server when configured.

    Not acks_late: a worker killed mid-backup must not start a second backup at once."""
    return backup_nightly()
