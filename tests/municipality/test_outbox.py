"""The outbox: one row per key, claim-then-send, retries with backoff, re-queue of lost rows."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from municipality.models import OutboxMessage
from municipality.services.outbox import message_queue, user_notify
from municipality.services.sending import (
    message_claim,
    message_send,
    outbox_requeue,
    retry_countdown,
)
from municipality.sms import (
    FileSmsBackend,
    HttpGatewaySmsBackend,
    MemorySmsBackend,
    SmsError,
    sms_segments,
)
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms_outbox():
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


def _queue(key="k1", channel="email", **kwargs):
    recipient = "a@example.kg" if channel == "email" else "+996700111222"
    defaults = dict(
        channel=channel,
        recipient=recipient,
        subject="Жарыя",
        body="Көңүл буруңуз",
        idempotency_key=key,
    )
    defaults.update(kwargs)
    return message_queue(**defaults)


def test_same_key_gives_one_row_and_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(unsubscribe_url="http://x/ky/unsubscribe/t/")
        second = _queue()
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.extra_headers["List-Unsubscribe"] == "<http://x/ky/unsubscribe/t/>"
    assert email.extra_headers["X-Jamaat-Key"] == "k1"
    first.refresh_from_db()
    assert first.status == OutboxMessage.Status.SENT
    assert first.attempts == 1 and first.sent_at is not None


def test_sms_goes_through_the_backend_with_its_key(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue(key="s1", channel="sms", subject="")
    assert MemorySmsBackend.outbox == [
        {"phone": "+996700111222", "text": "Көңүл буруңуз", "key": "s1"}
    ]


def test_nothing_is_sent_before_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _queue()
    assert mail.outbox == []
    assert message.status == OutboxMessage.Status.PENDING
    for callback in callbacks:  # the commit
        callback()
    assert len(mail.outbox) == 1


def test_a_claimed_row_cannot_be_claimed_again():
    message = OutboxMessage.objects.create(
        channel="email", recipient="a@example.kg", body="x", idempotency_key="c1"
    )
    assert message_claim(message_id=message.pk) is not None
    assert message_claim(message_id=message.pk) is None
    assert message_send(message_id=message.pk) is False
    assert mail.outbox == []


class FlakySms(MemorySmsBackend):
    failures = 0

    def send(self, *, phone, text, key=""):
        if FlakySms.failures > 0:
            FlakySms.failures -= 1
            raise SmsError("gateway down")
        super().send(phone=phone, text=text, key=key)


@pytest.fixture
def flaky_sms(settings):
    settings.SMS_BACKEND = "tests.municipality.test_outbox.FlakySms"
    settings.OUTBOX_MAX_ATTEMPTS = 4
    return FlakySms


def test_retries_until_the_gateway_answers(flaky_sms, django_capture_on_commit_callbacks):
    flaky_sms.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(key="r1", channel="sms")
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 3
    assert message.last_error == ""
    assert [m["key"] for m in MemorySmsBackend.outbox] == ["r1"]


def test_fails_for_good_after_the_last_attempt(flaky_sms, django_capture_on_commit_callbacks):
    flaky_sms.failures = 100
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(key="r2", channel="sms")
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 4
    assert "gateway down" in message.last_error
    assert MemorySmsBackend.outbox == []
    flaky_sms.failures = 0
    assert message_send(message_id=message.pk) is False  # a failed row is never sent again


def test_retry_countdown_grows_exponentially_with_jitter(settings):
    settings.OUTBOX_RETRY_BASE = 30
    for attempts, ceiling in [(1, 30), (2, 60), (3, 120), (4, 240), (20, 3600)]:
        values = {retry_countdown(attempts=attempts) for _ in range(50)}
        assert all(ceiling // 2 <= value <= ceiling for value in values)
        assert len(values) > 1  # jitter


def test_requeue_sends_rows_left_behind(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_SENDING_TIMEOUT = 600
    settings.OUTBOX_PENDING_GRACE = 120
    now = timezone.now()
    make = OutboxMessage.objects.create
    lost = make(channel="email", recipient="a@example.kg", body="1", idempotency_key="lost")
    fresh = make(channel="email", recipient="b@example.kg", body="2", idempotency_key="fresh")
    stuck = make(
        channel="email",
        recipient="c@example.kg",
        body="3",
        idempotency_key="stuck",
        status="sending",
        attempts=1,
    )
    busy = make(
        channel="email",
        recipient="d@example.kg",
        body="4",
        idempotency_key="busy",
        status="sending",
        attempts=1,
    )
    OutboxMessage.objects.filter(pk=lost.pk).update(updated_at=now - timedelta(minutes=5))
    OutboxMessage.objects.filter(pk=stuck.pk).update(claimed_at=now - timedelta(minutes=11))
    OutboxMessage.objects.filter(pk=busy.pk).update(claimed_at=now - timedelta(minutes=1))

    assert outbox_requeue(now=now) == 2
    statuses = dict(OutboxMessage.objects.values_list("idempotency_key", "status"))
    assert statuses == {"lost": "sent", "fresh": "pending", "stuck": "sent", "busy": "sending"}
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.kg", "c@example.kg"]
    assert fresh.pk and busy.pk
    assert outbox_requeue(now=now) == 0  # nothing is queued twice in one grace period


def test_requeue_gives_up_on_a_row_that_keeps_killing_workers(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message = OutboxMessage.objects.create(
        channel="sms",
        recipient="+996700111222",
        body="x",
        idempotency_key="poison",
        status="sending",
        attempts=3,
        claimed_at=timezone.now() - timedelta(hours=1),
    )
    outbox_requeue()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert MemorySmsBackend.outbox == []


def test_broker_down_leaves_the_row_pending(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    from municipality import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.message_send_task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(key="down")
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING


def test_user_notify_writes_in_the_users_language_with_account_link():
    user = UserFactory(language="ru", email="u@example.kg")
    [message] = user_notify(user=user, subject="Тема", body="Текст", idempotency_key="n1")
    assert message.idempotency_key == "n1:email"
    assert message.language == "ru"
    assert "/ru/accounts/me/" in message.body
    phone_user = UserFactory(email="", phone="+996700333444")
    [sms] = user_notify(user=phone_user, subject="S", body="B", idempotency_key="n2")
    assert sms.channel == "sms" and sms.idempotency_key == "n2:sms"


@pytest.mark.parametrize(
    "text, parts",
    [
        ("", 0),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("[" * 80, 1),  # extension characters count twice
        ("[" * 81, 2),
        ("я" * 70, 1),
        ("я" * 71, 2),
        ("ң" * 134, 2),
        ("ң" * 135, 3),
        ("a" * 69 + "ө", 1),
        ("a" * 70 + "ө", 2),  # one Kyrgyz letter makes the whole text UCS-2
    ],
)
def test_sms_segments(text, parts):
    assert sms_segments(text) == parts


def test_sms_cost_include_shows_the_parts():
    from django.template.loader import render_to_string

    html = render_to_string("municipality/includes/sms_cost.html", {"text": "ү" * 71})
    assert "2" in html and "71" in html


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    answer = 200

    def do_POST(self):  # noqa: N802
        length = int(self.headers["Content-Length"])
        _Gateway.received.append(
            {"body": json.loads(self.rfile.read(length)), "auth": self.headers["Authorization"]}
        )
        self.send_response(_Gateway.answer)
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received = []
    _Gateway.answer = 200
    yield f"http://127.0.0.1:{server.server_port}/send", _Gateway
    server.shutdown()
    server.server_close()


def test_http_gateway_posts_json_with_key(gateway):
    url, handler = gateway
    backend = HttpGatewaySmsBackend(url=url, key="secret")
    backend.send(phone="+996700111222", text="Салам ң", key="k9")
    assert handler.received == [
        {
            "body": {"to": "+996700111222", "text": "Салам ң", "id": "k9"},
            "auth": "Bearer secret",
        }
    ]


def test_http_gateway_errors_become_sms_errors(gateway):
    url, handler = gateway
    handler.answer = 503
    with pytest.raises(SmsError, match="503"):
        HttpGatewaySmsBackend(url=url, key="k").send(phone="1", text="x", key="a")
    with pytest.raises(SmsError):
        HttpGatewaySmsBackend(url="http://127.0.0.1:9/none", key="k").send(phone="1", text="x")
    with pytest.raises(SmsError):
        HttpGatewaySmsBackend(url="file:///etc/passwd", key="k").send(phone="1", text="x")


def test_outbox_through_http_gateway(settings, gateway, django_capture_on_commit_callbacks):
    url, handler = gateway
    settings.SMS_BACKEND = "municipality.sms.HttpGatewaySmsBackend"
    settings.SMS_GATEWAY_URL = url
    settings.SMS_GATEWAY_KEY = "key-1"
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(key="via-http", channel="sms", subject="")
    message.refresh_from_db()
    assert message.status == "sent"
    assert handler.received[0]["body"]["id"] == "via-http"


def test_file_backend_records_a_key_once(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    backend = FileSmsBackend()
    backend.send(phone="1", text="a", key="x")
    backend.send(phone="1", text="a", key="x")
    backend.send(phone="1", text="b", key="y")
    lines = (tmp_path / "sms.jsonl").read_text().splitlines()
    assert [json.loads(line)["key"] for line in lines] == ["x", "y"]
    assert len((tmp_path / "sms.jsonl.duplicates").read_text().splitlines()) == 1


def test_office_sees_the_outbox_and_sends_a_failed_message_again(
    client, municipality, staff_user, resident, django_capture_on_commit_callbacks
):
    from municipality.models import AuditEntry
    from tests.municipality.test_kyrgyz_pages import _english_words

    failed = OutboxMessage.objects.create(
        channel="email",
        recipient="f@example.kg",
        subject="Жарыя",
        body="Текст",
        idempotency_key="f1",
        status="failed",
        attempts=6,
        last_error="SMTP: 550",
    )
    OutboxMessage.objects.create(
        channel="sms", recipient="+996700111222", body="Салам", idempotency_key="p1"
    )
    url = reverse("municipality:office-outbox")
    client.force_login(resident)
    assert client.get(url).status_code == 403
    retry = reverse("municipality:office-outbox-retry", args=[failed.pk])
    assert client.post(retry).status_code == 403

    client.force_login(staff_user)
    html = client.get(url + "?status=failed").content.decode()
    assert "f@example.kg" in html and "SMTP: 550" in html and "+996700111222" not in html
    ky = client.get("/ky/office/outbox/?status=pending").content.decode()
    assert _english_words(ky) == set()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("municipality:office-outbox-retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 1
    assert [m.to for m in mail.outbox] == [["f@example.kg"]]
    assert AuditEntry.objects.filter(new_status="pending", old_status="failed").count() == 1
    # A sent message cannot be "retried".
    response = client.post(reverse("municipality:office-outbox-retry", args=[failed.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.renders
def test_office_outbox_queries_do_not_grow(client, municipality, staff_user):
    client.force_login(staff_user)
    url = reverse("municipality:office-outbox")

    def make(n):
        for i in range(n):
            OutboxMessage.objects.create(
                channel="email", recipient=f"{i}@x.kg", body="b", idempotency_key=f"q{n}-{i}"
            )

    make(2)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    make(8)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)


def test_emergency_messages_are_queued_ahead_of_routine_ones(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Urgent rows (an emergency notice) go to the broker with the highest priority; every
    other task keeps CELERY_TASK_DEFAULT_PRIORITY (Redis takes priority 0 first)."""
    from municipality import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(tasks.message_send_task, "apply_async", lambda *a, **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        routine = _queue(key="routine")
        urgent = message_queue(
            channel="sms",
            recipient="+996700123456",
            subject="",
            body="Сел коркунучу! Бийик жерге чыгыңыз.",
            idempotency_key="urgent",
            urgent=True,
        )
    by_id = {kw["kwargs"]["message_id"]: kw for kw in sent}
    assert by_id[urgent.pk]["priority"] == 0
    assert "priority" not in by_id[routine.pk]
    assert settings.CELERY_TASK_DEFAULT_PRIORITY > 0
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["queue_order_strategy"] == "priority"
