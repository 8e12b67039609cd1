"""An emergency notice to 10 000 subscribers (SMS and e-mail mixed, Cyrillic text) through the
real outbox, a real Redis and a real Celery worker, to a fake SMS gateway (HTTP) and a fake
SMTP server on 127.0.0.1. Target (issue 19): every message handed to its gateway within 60 s
of the notice's publication, none lost, none sent twice; emergency messages jump ahead of
routine ones (2 000 routine messages are queued just before the notice).

    .venv/bin/python bench/emergency.py

Redis: BENCH_REDIS_URL (default redis://127.0.0.1:6379/7; the database is emptied first).
Database: a copy of the bench database (SQLite, WAL), or with BENCH_DATABASE_URL a PostgreSQL
database (migrated and seeded by the bench; its subscriptions and outbox are emptied). Worker: `celery -A municipality worker
--concurrency 4` (prefork), started and stopped by the bench.
"""

import json
import os
import shutil
import socketserver
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lib.common import (  # noqa: E402
    BENCH_DIR,
    PY,
    ROOT,
    free_port,
    prepare_db,
    record,
    row,
)

SUBSCRIBERS = 10_000
ROUTINE = 2_000
TARGET_SECONDS = 60
CONCURRENCY = 4
received: list[tuple[float, str]] = []  # (time, idempotency key)
lock = threading.Lock()


class SmsGateway(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        key = json.loads(body)["id"]
        with lock:
            received.append((time.monotonic(), key))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: one or more messages per connection."""

    def reply(self, line: str):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 bench ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip().upper()
            if command.startswith("EHLO"):
                self.wfile.write(b"250-bench\r\n250 8BITMIME\r\n")
            elif command.startswith("DATA"):
                self.reply("354 go on")
                key = ""
                while True:
                    data = self.rfile.readline()
                    if data in (b".\r\n", b".\n", b""):
                        break
                    if data.lower().startswith(b"x-jamaat-key:"):
                        key = data.split(b":", 1)[1].strip().decode()
                with lock:
                    received.append((time.monotonic(), key))
                self.reply("250 queued")
            elif command.startswith("QUIT"):
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


class ThreadingSmtp(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    copy = BENCH_DIR / "emergency.sqlite3"
    if not os.environ.get("BENCH_DATABASE_URL"):
        shutil.copyfile(prepare_db(), copy)
    broker = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    sms_port, smtp_port = free_port(), free_port()
    http = ThreadingHTTPServer(("127.0.0.1", sms_port), SmsGateway)
    http.daemon_threads = True
    smtp = ThreadingSmtp(("127.0.0.1", smtp_port), Smtp)
    for server in (http, smtp):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        "BENCH_DB": str(copy),
        "BENCH_BROKER_URL": broker,
        "BENCH_SMS_URL": f"http://127.0.0.1:{sms_port}/send",
        "BENCH_SMTP_PORT": str(smtp_port),
        "DJANGO_SETTINGS_MODULE": "bench.lib.settings_worker",
    }
    os.environ.update(env)
    os.environ.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        for args in (["migrate", "--no-input", "-v", "0"], ["seed_demo", "--force"]):
            subprocess.run(
                [PY, "manage.py", *args],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                check=True,
                stdout=subprocess.DEVNULL,
            )
    import django

    django.setup()
    import redis
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from municipality.models import Notice, OutboxMessage, Subscription
    from municipality.services.notices import notice_publish
    from municipality.services.outbox import message_queue

    redis.Redis.from_url(broker).flushdb()
    Subscription.objects.all().delete()
    OutboxMessage.objects.all().delete()
    now = timezone.now()
    Subscription.objects.bulk_create(
        [
            Subscription(
                channel="sms" if n % 2 else "email",
                address=f"+996700{n:06d}" if n % 2 else f"resident{n}@example.kg",
                categories=["general"],
                language="ru" if n % 3 == 0 else "ky",
                confirmed_at=now,
            )
            for n in range(SUBSCRIBERS)
        ],
        batch_size=2000,
    )
    worker = subprocess.Popen(
        [
            str(Path(PY).parent / "celery"),
            "-A",
            "municipality",
            "worker",
            "--concurrency",
            str(CONCURRENCY),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    try:
        time.sleep(6)  # the worker connects to Redis
        for n in range(ROUTINE):
            message_queue(
                channel="email",
                recipient=f"routine{n}@example.kg",
                subject="Эскертүү",
                body="Жыйын эртең саат 10до.",
                idempotency_key=f"routine:{n}",
            )
        staff = next(u for u in get_user_model().objects.order_by("pk") if u.has_role("staff"))
        start = time.monotonic()
        notice = notice_publish(
            actor=staff,
            category=Notice.Category.EMERGENCY,
            title="Сел коркунучу! Бийик жерге чыгыңыз",
            title_ru="Угроза селя! Поднимитесь на возвышенность",
            body="Айыл өкмөтү: дарыянын жээгиндеги үйлөрдөн чыгыңыз. Чогулуу жери — мектеп.",
            body_ru="Айыл окмоту: покиньте дома у реки. Место сбора — школа.",
        )
        prefix = f"notice:{notice.pk}:sub:"
        deadline = start + 240
        while time.monotonic() < deadline:
            with lock:
                urgent = sum(1 for _, key in received if key.startswith(prefix))
            if urgent >= SUBSCRIBERS:
                break
            time.sleep(0.5)
        time.sleep(2)  # anything sent twice shows up now
    finally:
        worker.terminate()  # only the worker we started
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    with lock:
        got = list(received)
    urgent_times = sorted(t for t, key in got if key.startswith(prefix))
    keys = [key for _, key in got if key.startswith(prefix)]
    duplicates = len(keys) - len(set(keys))
    last = (urgent_times[-1] - start) if urgent_times else float("inf")
    done = len(set(keys))
    routine_before = sum(
        1 for t, key in got if key.startswith("routine:") and urgent_times and t < urgent_times[-1]
    )
    rows_sent = OutboxMessage.objects.filter(
        idempotency_key__startswith=prefix, status=OutboxMessage.Status.SENT
    ).count()
    sms = OutboxMessage.objects.filter(idempotency_key__startswith=prefix, channel="sms").count()
    rate = done / last if urgent_times else 0
    ok = done == SUBSCRIBERS and not duplicates and last <= TARGET_SECONDS
    print(
        f"emergency notice to {SUBSCRIBERS} subscribers ({sms} SMS, {SUBSCRIBERS - sms} e-mail), "
        f"worker -c {CONCURRENCY}, {ROUTINE} routine messages queued just before"
    )
    print(f"  handed to the gateways: {done} (outbox rows SENT: {rows_sent}), twice: {duplicates}")
    first = (urgent_times[0] - start) if urgent_times else float("inf")
    print(
        f"  time to the last one: {last:.1f} s   ({rate:.0f} messages/s; first one after "
        f"{first:.1f} s)   target <= {TARGET_SECONDS} s: {'PASS' if ok else 'FAIL'}"
    )
    print(f"  routine messages delivered before the last emergency one: {routine_before}")
    record(
        "emergency",
        [
            row(
                "Emergency",
                f"{SUBSCRIBERS} messages (SMS+e-mail, Cyrillic) handed to the gateways: time "
                "to the last one (real outbox, Redis, Celery worker -c 4)",
                f"{last:.1f} s, {rate:.0f} msg/s",
                f"<= {TARGET_SECONDS} s",
                "PASS" if ok else "FAIL",
            ),
            row(
                "Emergency",
                "not delivered by the end of the run (240 s at most) / sent twice",
                f"{SUBSCRIBERS - done} / {duplicates}",
                "0 / 0",
                "PASS" if done == SUBSCRIBERS and not duplicates else "FAIL",
            ),
            row(
                "Emergency",
                f"routine messages (of {ROUTINE} queued first) delivered before the last "
                "emergency one",
                str(routine_before),
                "(emergency first)",
                "INFO",
            ),
        ],
    )


if __name__ == "__main__":
    main()
