"""Kill the worker: 100 notices, a real Redis broker and a real Celery worker, SIGKILLed mid-way.

Needs PostgreSQL (the worker is another process and must see the committed test
data) and CELERY_BROKER_URL. The test uses its own Redis database (/15 unless
WORKER_TEST_BROKER_URL says otherwise) and purges it before and after.

The test plays Celery beat: every two seconds it runs `outbox_requeue` (rows stuck
in SENDING with the killed worker) and `notices_notify_due` (notifications cut
short). Each message must reach the recording gateway exactly once per
idempotency key, and no row may end FAILED. The recording gateways de-duplicate
by key, as a gateway with client references does; redeliveries they absorbed
(a worker killed between the gateway and the status update) are printed.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from municipality.models import Notice, OutboxMessage, Subscription

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

NOTICES = 100
TIMEOUT = 90


def _broker_url() -> str:
    url = os.environ.get("WORKER_TEST_BROKER_URL", "")
    if url:
        return url
    base = os.environ.get("CELERY_BROKER_URL", "")
    if not base.startswith("redis://"):
        return ""
    return re.sub(r"(/\d*)?$", "/15", base.rstrip("/"), count=1)


def _skip_reason() -> str | None:
    if not _broker_url():
        return "needs CELERY_BROKER_URL=redis://… (a real broker)"
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL): a worker process cannot see a SQLite test DB"
    return None


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


def _purge(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


@pytest.fixture
def real_broker(settings, monkeypatch):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from municipality.celery import app

    url = _broker_url()
    # Celery reads CELERY_BROKER_URL from the environment before app.conf: point both here.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    _purge(url)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # The test process plays beat: short timeouts so stuck rows come back quickly.
    settings.OUTBOX_SENDING_TIMEOUT = 5
    settings.OUTBOX_PENDING_GRACE = 3
    yield url
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.update(saved)
    _purge(url)


class Worker:
    """A `celery -A municipality worker` subprocess in its own process group."""

    def __init__(self, tmp_path: Path, broker_url: str, name: str):
        self.pidfile = tmp_path / f"{name}.pid"
        self.log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker.settings",
            "CELERY_TEST_REAL_WORKER": "1",
            "CELERY_BROKER_URL": broker_url,
            "DATABASE_URL": _database_url(),
            "SMS_FILE_PATH": str(tmp_path / "sms.jsonl"),
            "EMAIL_FILE_PATH": str(tmp_path / "email.jsonl"),
            "PYTHONPATH": str(settings.BASE_DIR),
        }
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "municipality",
                "worker",
                "-P",
                "prefork",
                "-c",
                "2",
                "-l",
                "warning",
                "--pidfile",
                str(self.pidfile),
                "-n",
                f"{name}-{uuid.uuid4().hex[:8]}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the worker and its pool children (our own process group only)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def _records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _beat() -> None:
    from municipality.services.sending import outbox_requeue
    from municipality.services.subscriptions import notices_notify_due

    outbox_requeue()
    notices_notify_due()


def test_every_message_is_sent_exactly_once_when_the_worker_is_killed(
    real_broker, tmp_path, municipality, staff_user
):
    from municipality.services import notice_publish

    sms_sub = Subscription.objects.create(
        channel="sms",
        address="+996700000001",
        categories=["general"],
        language="ru",
        confirmed_at=timezone.now(),
    )
    email_sub = Subscription.objects.create(
        channel="email",
        address="a@example.kg",
        categories=["general"],
        language="ky",
        confirmed_at=timezone.now(),
    )
    expected = NOTICES * 2
    workers = []
    try:
        started = time.monotonic()
        first = Worker(tmp_path, real_broker, "first")
        workers.append(first)
        with translation.override("ky"):
            notices = [
                notice_publish(
                    actor=staff_user,
                    category=Notice.Category.GENERAL,
                    title=f"Жарыя {n}: көңүл буруңуз",
                    body="Жыйын өтөт.",
                    title_ru=f"Объявление {n}",
                    body_ru="Состоится сход.",
                )
                for n in range(NOTICES)
            ]
        # Kill the worker in the middle of sending.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            sent = OutboxMessage.objects.filter(status="sent").count()
            if sent >= expected // 4:
                break
            assert first.process.poll() is None, (tmp_path / "first.log").read_text()
            time.sleep(0.05)
        sent_at_kill = OutboxMessage.objects.filter(status="sent").count()
        first.kill()
        killed = time.monotonic()
        assert 0 < sent_at_kill < expected, f"kill came too late or too early: {sent_at_kill}"

        second = Worker(tmp_path, real_broker, "second")
        workers.append(second)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            rows = OutboxMessage.objects.filter(idempotency_key__startswith="notice:")
            unfinished = rows.filter(status__in=["pending", "sending"]).exists()
            if rows.count() == expected and not unfinished:
                break
            _beat()
            time.sleep(2)
        recovered = time.monotonic()
    finally:
        for worker in workers:
            worker.stop() if worker.process.poll() is None else None

    rows = OutboxMessage.objects.filter(idempotency_key__startswith="notice:")
    statuses = dict.fromkeys(["pending", "sending", "sent", "failed"], 0)
    for status in rows.values_list("status", flat=True):
        statuses[status] += 1
    assert statuses == {"pending": 0, "sending": 0, "sent": expected, "failed": 0}, statuses

    sms = _records(tmp_path / "sms.jsonl")
    emails = _records(tmp_path / "email.jsonl")
    expected_sms = {f"notice:{n.pk}:sub:{sms_sub.pk}" for n in notices}
    expected_email = {f"notice:{n.pk}:sub:{email_sub.pk}" for n in notices}
    assert sorted(r["key"] for r in sms) == sorted(expected_sms)  # each key once
    assert sorted(r["key"] for r in emails) == sorted(expected_email)
    assert all("Объявление" in r["text"] for r in sms)  # the subscriber's language
    absorbed = len(_records(tmp_path / "sms.jsonl.duplicates")) + len(
        _records(tmp_path / "email.jsonl.duplicates")
    )
    # Only rows in flight at the kill (one per pool process, -c 2) can reach the gateway twice.
    assert absorbed <= 2, absorbed
    print(
        f"\nsent before the kill: {sent_at_kill}/{expected} after {killed - started:.1f} s; "
        f"all sent {recovered - killed:.1f} s after the kill; "
        f"redeliveries absorbed by the gateway's key check: {absorbed}"
    )
