"""The Celery worker killed at 10 random moments while 1 000 notices are sent, and Redis
stopped for 60 s while notices are published: every message reaches the gateway once.

Builds on tests/worker/test_exactly_once.py (its Worker, broker fixture, recording
gateways and beat stand-in), but on a private `redis-server` started by the test on a
free port, so the machine's shared Redis is never stopped or purged. The test process
plays Celery beat (`outbox_requeue`, `notices_notify_due`). Needs PostgreSQL: the worker
is another process and must see the committed test data. Set FAULT_REDIS_PAUSE to shorten
the 60 s outage on a local run; CI runs the full 60 s.
"""

import os
import random
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from municipality.models import Notice, OfficialDocument, OutboxMessage, Subscription
from tests.worker.test_exactly_once import Worker, _beat, _records, real_broker  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

NOTICES = 1000
KILLS = 10
DOWN_NOTICES = 50
REDIS_PAUSE = float(os.environ.get("FAULT_REDIS_PAUSE", "60"))


def _free_port(start: int) -> int:
    for port in range(start, start + 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


class RedisServer:
    """A private, non-persistent redis-server in its own process group."""

    def __init__(self, root: Path):
        self.root, self.port, self.process = root, _free_port(6391), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        import redis

        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "private redis-server did not start"
                time.sleep(0.1)

    def stop(self) -> None:
        """Kill it, as a crash would: its queues are gone (no persistence)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path, monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL): a worker process cannot see a SQLite test DB"
        )
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server (the test starts a private one)")
    from kombu import pools

    # kombu keeps producer pools per broker URL for the whole process; the previous test's
    # pool was closed by real_broker's teardown and must not be handed out again.
    pools.reset()
    server = RedisServer(tmp_path)
    server.start()
    # real_broker (tests/worker) takes WORKER_TEST_BROKER_URL first.
    monkeypatch.setenv("WORKER_TEST_BROKER_URL", server.url)
    yield server
    server.stop()
    pools.reset()


@pytest.fixture
def broker(private_redis, request):
    return request.getfixturevalue("real_broker")


def _sms_subscriber():
    return Subscription.objects.create(
        channel="sms",
        address="+996700000001",
        categories=["general"],
        language="ru",
        confirmed_at=timezone.now(),
    )


def _publish(staff_user, n):
    with translation.override("ky"):
        return notice_publish(
            actor=staff_user,
            category=Notice.Category.GENERAL,
            title=f"Жарыя {n}",
            body="Жыйын өтөт.",
            title_ru=f"Объявление {n}",
            body_ru="Состоится сход.",
        )


def notice_publish(**kwargs):
    from municipality.services import notice_publish as publish

    return publish(**kwargs)


def _drain(expected: int, timeout: float, documents=()) -> float:
    """Play beat until `expected` notice messages are sent; returns the seconds it took."""
    from municipality.services.documents import documents_requeue

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        rows = OutboxMessage.objects.filter(idempotency_key__startswith="notice:")
        if (
            rows.count() == expected
            and not rows.exclude(status="sent").exists()
            and not OfficialDocument.objects.filter(pk__in=documents, status="pending")
        ):
            break
        _beat()
        documents_requeue()
        time.sleep(1)
    return time.monotonic() - started


def _statuses() -> dict:
    statuses = dict.fromkeys(["pending", "sending", "sent", "failed"], 0)
    rows = OutboxMessage.objects.filter(idempotency_key__startswith="notice:")
    for status in rows.values_list("status", flat=True):
        statuses[status] += 1
    return statuses


def _check_gateway(tmp_path, notices, subscription) -> tuple[int, int]:
    """Each key reached the gateway exactly once; returns (delivered, absorbed redeliveries)."""
    sms = _records(tmp_path / "sms.jsonl")
    expected = sorted(f"notice:{n.pk}:sub:{subscription.pk}" for n in notices)
    assert sorted(r["key"] for r in sms) == expected  # 0 lost, 0 delivered twice
    return len(sms), len(_records(tmp_path / "sms.jsonl.duplicates"))


def test_worker_killed_at_ten_random_moments_while_a_thousand_notices_are_sent(
    broker, tmp_path, municipality, staff_user, settings, figure
):
    settings.OUTBOX_SENDING_TIMEOUT = 3
    subscription = _sms_subscriber()
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    # Kill when this many messages are sent: 10 random points spread over the run.
    thresholds = sorted(rng.sample(range(20, int(NOTICES * 0.95)), KILLS))
    workers, kills = [], []
    started = time.monotonic()
    try:
        workers.append(Worker(tmp_path, broker, "w0"))
        notices = [_publish(staff_user, n) for n in range(NOTICES)]
        for k, threshold in enumerate(thresholds):
            deadline = time.monotonic() + 120
            while OutboxMessage.objects.filter(status="sent").count() < threshold:
                assert time.monotonic() < deadline, f"stalled before kill {k}: {_statuses()}"
                assert workers[-1].process.poll() is None, (tmp_path / f"w{k}.log").read_text()
                time.sleep(0.02)
            time.sleep(rng.uniform(0, 0.3))
            kills.append(OutboxMessage.objects.filter(status="sent").count())
            workers[-1].kill()
            workers.append(Worker(tmp_path, broker, f"w{k + 1}"))
        drained = _drain(NOTICES, timeout=150)
    finally:
        for worker in workers:
            if worker.process.poll() is None:
                worker.stop()
    elapsed = time.monotonic() - started

    statuses = _statuses()
    assert statuses == {"pending": 0, "sending": 0, "sent": NOTICES, "failed": 0}, statuses
    assert len(kills) == KILLS and all(0 < sent < NOTICES for sent in kills), kills
    delivered, absorbed = _check_gateway(tmp_path, notices, subscription)
    # At most the rows in flight at each kill (-c 2) can reach the gateway a second time.
    assert absorbed <= 2 * KILLS, absorbed
    figure(
        f"worker killed {KILLS}× (seed {seed}, at {', '.join(map(str, kills))} sent) "
        f"while {NOTICES} notices were sent: {delivered} delivered, 0 lost, 0 duplicated "
        f"({absorbed} redeliveries absorbed by the gateway key), {elapsed:.0f} s, "
        f"last {drained:.0f} s after the last kill"
    )


def test_redis_stopped_while_notices_are_published_all_are_sent_after_it_returns(
    broker, private_redis, tmp_path, municipality, staff_user, settings, figure, client
):
    from municipality.services import document_issue

    settings.DOCUMENT_PENDING_GRACE = 3
    subscription = _sms_subscriber()
    worker = Worker(tmp_path, broker, "survivor")
    try:
        warm = _publish(staff_user, "warm-up")  # the worker is up and sending
        deadline = time.monotonic() + 60
        while not OutboxMessage.objects.filter(status="sent").exists():
            assert time.monotonic() < deadline, (tmp_path / "survivor.log").read_text()
            time.sleep(0.1)

        private_redis.stop()
        stopped = time.monotonic()
        notices, slowest = [warm], 0.0
        for n in range(DOWN_NOTICES):  # publishing must not fail for the person publishing
            before = time.monotonic()
            notices.append(_publish(staff_user, n))
            slowest = max(slowest, time.monotonic() - before)
        # Staff publishing through the office form see success, not an error page.
        client.force_login(staff_user)
        response = client.post(
            reverse("municipality:office-notice-create"),
            {
                "title_ky": "Жыйын",
                "title_ru": "Сход",
                "body_ky": "Жыйын өтөт.",
                "body_ru": "Сход состоится.",
                "category": "general",
                "publish": "1",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        response = client.post(response["Location"], {"confirm": "yes"})  # the confirmation page
        assert response.status_code == 302, response.content.decode()[:2000]
        notices.append(Notice.objects.get(title_ky="Жыйын"))
        assert notices[-1].status == Notice.Status.PUBLISHED
        # An order issued meanwhile gets its number at once and its PDF after Redis returns.
        document = document_issue(
            kind=OfficialDocument.Kind.ORDER,
            subject=None,
            title="Буйрук: көчөлөрдү тазалоо жөнүндө",
            template_name="pdf/generic.html",
            actor=staff_user,
        )
        published = time.monotonic() - stopped
        time.sleep(max(0.0, REDIS_PAUSE - published))
        private_redis.start()
        down = time.monotonic() - stopped
        drained = _drain(DOWN_NOTICES + 2, timeout=120, documents=[document.pk])
        assert worker.process.poll() is None, (tmp_path / "survivor.log").read_text()
    finally:
        worker.stop()
        if private_redis.process.poll() is not None:
            private_redis.start()  # the broker fixture purges it on the way out

    statuses = _statuses()
    expected = {"pending": 0, "sending": 0, "sent": DOWN_NOTICES + 2, "failed": 0}
    assert statuses == expected, statuses
    delivered, absorbed = _check_gateway(tmp_path, notices, subscription)
    document.refresh_from_db()
    assert document.status == OfficialDocument.Status.ISSUED and document.sha256, document.error
    figure(
        f"Redis stopped {down:.0f} s: {DOWN_NOTICES + 1} notices published meanwhile (one "
        f"through the office form; 0 errors, slowest {slowest:.1f} s), all {delivered} sent "
        f"{drained:.0f} s after it returned, 0 lost, 0 duplicated; an order issued meanwhile "
        f"got its PDF after it returned"
    )
