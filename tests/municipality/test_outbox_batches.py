"""Batches (issue 19): thousands of rows written at once, sent a batch per task, each row
claimed by one worker only, emergency batches ahead of routine ones."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipality.models import OutboxMessage
from municipality.services.outbox import messages_queue_bulk
from municipality.services.sending import messages_claim, messages_send
from municipality.sms import MemorySmsBackend, SmsError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms_outbox():
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


def _messages(count: int, prefix: str = "b") -> list[dict]:
    return [
        {
            "channel": "sms" if n % 2 else "email",
            "recipient": f"+996700{n:06d}" if n % 2 else f"r{n}@example.kg",
            "subject": "" if n % 2 else "Шашылыш: сел",
            "body": "Сел коркунучу! Бийик жерге чыгыңыз.",
            "idempotency_key": f"{prefix}:{n}",
            "language": "ky",
        }
        for n in range(count)
    ]


def _rows(count: int) -> list[int]:
    OutboxMessage.objects.bulk_create(
        OutboxMessage(**m, urgent=True) for m in _messages(count, prefix="rows")
    )
    return list(OutboxMessage.objects.order_by("pk").values_list("pk", flat=True))


def test_bulk_queue_writes_every_row_once_and_sends_each_once(
    settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_BATCH_SIZE = 7
    with django_capture_on_commit_callbacks(execute=True):
        assert messages_queue_bulk(messages=_messages(40), urgent=True) == 40
    with django_capture_on_commit_callbacks(execute=True):  # a redelivered notify task
        assert messages_queue_bulk(messages=_messages(40), urgent=True) == 0
    assert OutboxMessage.objects.count() == 40
    assert set(OutboxMessage.objects.values_list("status", "urgent")) == {("sent", True)}
    assert sorted(m["key"] for m in MemorySmsBackend.outbox) == sorted(
        f"b:{n}" for n in range(1, 40, 2)
    )
    assert sorted(m.extra_headers["X-Jamaat-Key"] for m in mail.outbox) == sorted(
        f"b:{n}" for n in range(0, 40, 2)
    )
    assert "Сел коркунучу" in mail.outbox[0].body


def test_bulk_queue_writes_in_batches_not_row_by_row(django_capture_on_commit_callbacks):
    """No query per row: SQLite splits a bulk INSERT by its 999-parameter limit (about 70
    rows a statement), PostgreSQL writes 1 000 rows a statement."""

    def queries(count, prefix):
        with CaptureQueriesContext(connection) as context:
            messages_queue_bulk(messages=_messages(count, prefix))
        return len(context)

    small, large = queries(10, "small"), queries(300, "large")
    assert large - small <= 300 // 50, (small, large)


def test_one_task_per_batch_with_the_emergency_priority(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    from municipality import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.OUTBOX_BATCH_SIZE = 100
    sent = []
    monkeypatch.setattr(tasks.messages_send_task, "apply_async", lambda *a, **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        messages_queue_bulk(messages=_messages(250, "urgent"), urgent=True)
        messages_queue_bulk(messages=_messages(30, "routine"))
    assert [len(kw["kwargs"]["message_ids"]) for kw in sent] == [100, 100, 50, 30]
    assert [kw.get("priority") for kw in sent] == [0, 0, 0, None]
    ids = [pk for kw in sent for pk in kw["kwargs"]["message_ids"]]
    assert len(ids) == len(set(ids)) == OutboxMessage.objects.count() == 280


def test_a_claimed_batch_cannot_be_claimed_again():
    ids = _rows(10)
    first = messages_claim(message_ids=ids[:6])
    second = messages_claim(message_ids=ids)  # overlaps: only the four left are taken
    assert [m.pk for m in first] == ids[:6]
    assert [m.pk for m in second] == ids[6:]
    assert messages_claim(message_ids=ids) == []
    assert messages_send(message_ids=ids) == 0
    assert mail.outbox == [] and MemorySmsBackend.outbox == []
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {("sending", 1)}


def test_emails_of_a_batch_share_one_smtp_connection(settings, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    opened = []
    original = EmailBackend.__init__

    def counting(self, *args, **kwargs):
        opened.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(EmailBackend, "__init__", counting)
    ids = _rows(20)
    assert messages_send(message_ids=ids) == 20
    assert len(opened) == 1 and len(mail.outbox) == 10


class FailingOnce(MemorySmsBackend):
    failed: set = set()

    def send(self, *, phone, text, key=""):
        if key not in FailingOnce.failed:
            FailingOnce.failed.add(key)
            raise SmsError("gateway busy")
        super().send(phone=phone, text=text, key=key)


def test_a_row_failing_in_a_batch_is_retried_on_its_own_and_sent_once(settings):
    settings.SMS_BACKEND = "tests.municipality.test_outbox_batches.FailingOnce"
    FailingOnce.failed = set()
    ids = _rows(6)
    # Eager: each failed SMS's own retry task runs at once and succeeds.
    assert messages_send(message_ids=ids) == 3  # the e-mails; the SMS went to their retries
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert sorted(m["key"] for m in MemorySmsBackend.outbox) == ["rows:1", "rows:3", "rows:5"]
    assert set(OutboxMessage.objects.filter(channel="sms").values_list("attempts", flat=True)) == {
        2
    }


def test_routine_sms_over_the_daily_budget_are_held_in_a_batch(settings):
    from municipality.services.sending import SMS_HELD

    settings.SMS_DAILY_BUDGET = 1
    OutboxMessage.objects.bulk_create(
        OutboxMessage(**m) for m in _messages(6, prefix="routine") if m["channel"] == "sms"
    )
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    assert messages_send(message_ids=ids) == 1
    held = OutboxMessage.objects.filter(status="pending")
    assert held.count() == 2 and set(held.values_list("last_error", "attempts")) == {(SMS_HELD, 0)}


def test_texts_built_once_per_language_are_the_texts_of_each_subscriber(municipality):
    from django.utils import timezone

    from municipality.models import Notice, Subscription
    from municipality.services.subscriptions import notice_message, notice_messages
    from tests.municipality.factories import NoticeFactory

    for n in range(12):
        Subscription.objects.create(
            channel="sms" if n % 2 else "email",
            address=f"+996700{n:06d}" if n % 2 else f"s{n}@example.kg",
            categories=[["general"], ["general", "plan"], ["hearing"]][n % 3],
            language="ru" if n % 4 < 2 else "ky",
            confirmed_at=timezone.now(),
        )
    notice = NoticeFactory(
        category=Notice.Category.EMERGENCY,
        title_ky="Сел коркунучу!",
        body_ky="Дарыянын жээгиндеги үйлөрдөн чыгыңыз. " * 12,
        title_ru="Угроза селя!",
        body_ru="Покиньте дома у реки. " * 12,
    )
    subscriptions = list(Subscription.objects.order_by("pk"))
    pairs = list(notice_messages(notice=notice, subscriptions=subscriptions))
    assert [s for s, _ in pairs] == subscriptions
    for subscription, text in pairs:
        assert text == notice_message(notice=notice, subscription=subscription)
        assert subscription.token in text["unsubscribe_url"]


def test_a_notice_to_many_is_written_and_queued_a_chunk_at_a_time(
    municipality, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """The first chunk is on its way to the workers while the next is written."""
    from django.utils import timezone

    from municipality import tasks
    from municipality.models import Notice, Subscription
    from municipality.services.subscriptions import notify as subscriptions
    from tests.municipality.factories import NoticeFactory

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(subscriptions, "NOTIFY_CHUNK", 3)
    batches = []
    monkeypatch.setattr(
        tasks.messages_send_task, "apply_async", lambda *a, **kw: batches.append(kw)
    )
    for n in range(7):
        Subscription.objects.create(
            channel="email", address=f"c{n}@example.kg", language="ky", confirmed_at=timezone.now()
        )
    notice = NoticeFactory(category=Notice.Category.EMERGENCY)
    with django_capture_on_commit_callbacks(execute=True):
        assert subscriptions.notice_notify_subscribers(notice_id=notice.pk) == 7
        assert subscriptions.notice_notify_subscribers(notice_id=notice.pk) == 0  # run again
    assert [len(kw["kwargs"]["message_ids"]) for kw in batches] == [3, 3, 1]
    assert {kw["priority"] for kw in batches} == {0}
    assert OutboxMessage.objects.filter(idempotency_key__contains=":sub:").count() == 7
