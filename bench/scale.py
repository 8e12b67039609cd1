"""Ten years of data: each page's query count and time at 1x and at 100x data.

    .venv/bin/python bench/scale.py

Works on a copy of the bench database (seed_demo --force) and adds, with bulk_create, what ten
years of a municipality leave behind: ~40 000 notices, 1 000 contests, 10 000 applications,
50 000 people in the register and 500 000 outbox rows. Then every page of the list is
measured again: its query count must not change (pagination, no N+1) and its in-process time
(Django test client, the visitors' page cache off so pages are rendered) must stay within 1.5x
of its time at 1x. The two databases are measured in turns, page by page (1x, 100x, 1x, …,
best of 10 batches each, the caches emptied and warmed before each batch), so a neighbour's
burst on this shared machine hits both sides of a ratio. Finally every query of every page at 100x is run
through SQLite's EXPLAIN QUERY PLAN and a full SCAN of a big table is printed (an index is
missing). The product runs PostgreSQL; SQLite's planner is a proxy for it here.
"""

import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lib.common import BENCH_DIR, django_setup, prepare_db, record, row  # noqa: E402

TARGET = 1.5
BATCHES = 10  # per page and database, in turns; the best one counts
SIZES = {"notices": 40_000, "contests": 1_000, "applications": 10_000, "people": 50_000}
OUTBOX = 500_000
BIG_TABLES = (
    "municipality_notice",
    "initiatives_contest",
    "initiatives_application",
    "municipality_person",
    "municipality_outboxmessage",
)


def paths() -> list[tuple[str, str]]:
    from initiatives.models import Contest
    from municipality.models import Notice

    contest = Contest.objects.exclude(status=Contest.Status.DRAFT).order_by("pk").first()
    notice = Notice.objects.visible().order_by("pk").first()
    return [
        ("visitor", "/ky/"),
        ("visitor", "/ky/notices/"),
        ("visitor", f"/ky/notices/{notice.pk}/"),
        ("visitor", "/ky/initiatives/"),
        ("visitor", f"/ky/initiatives/{contest.pk}/"),
        ("visitor", "/ky/documents/"),
        ("visitor", "/ky/local-issues/"),
        ("visitor", "/ky/budget/"),
        ("resident1", "/ky/accounts/me/"),
        ("resident1", "/ky/initiatives/my/"),
        ("staff", "/ky/office/"),
        ("staff", "/ky/office/notices/"),
        ("staff", "/ky/office/people/"),
        ("staff", "/ky/office/outbox/"),
    ]


def use_database(path: Path) -> None:
    """Point this process's connection at another SQLite file (1x or 100x)."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = str(path)


def logged_in_clients() -> dict:
    """A client per person, logged in on the database in use (sessions live there)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects
    clients = {"visitor": Client(), "resident1": Client(), "staff": Client()}
    clients["resident1"].force_login(users.get(username="resident1"))
    clients["staff"].force_login(next(u for u in users.order_by("pk") if u.has_role("staff")))
    return clients


def batch_ms(client, path) -> float:
    """ms per request over 3 requests, after emptying the caches and one warming request."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    client.get(path)
    start = time.perf_counter()
    for _ in range(3):
        client.get(path)
    return (time.perf_counter() - start) / 3 * 1000


def queries(client, path) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    sql = [q["sql"] for q in captured.captured_queries]
    return {"status": response.status_code, "queries": len(sql), "sql": sql}


def measure(databases: dict, clients: dict, pages) -> dict:
    """{size: {(who, path): figures}}, the databases measured in turns page by page."""
    figures = {size: {} for size in databases}
    for key in pages:
        who, path = key
        for size, path_db in databases.items():
            use_database(path_db)
            figures[size][key] = {**queries(clients[size][who], path), "ms": None}
        for _ in range(BATCHES):
            for size, path_db in databases.items():
                use_database(path_db)
                ms = batch_ms(clients[size][who], path)
                best = figures[size][key]["ms"]
                figures[size][key]["ms"] = ms if best is None else min(best, ms)
    return figures


def generate():
    """bulk_create ten years of rows (about 100x the demo's)."""
    import datetime
    import uuid
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from initiatives.models import Application, Contest
    from municipality.models import Notice, OutboxMessage, Person

    now = timezone.now()
    start = time.monotonic()
    notices = [
        Notice(
            title_ky=f"Жарыя № {n}: айыл чарба, суу жана жол иштери",
            title_ru=f"Объявление № {n}: сельское хозяйство, вода и дороги",
            body_ky="Урматтуу тургундар, айыл өкмөтү маалымдайт. " * 8,
            body_ru="Уважаемые жители, айыл окмоту сообщает. " * 8,
            status=Notice.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(hours=2 + n * 2),
        )
        for n in range(SIZES["notices"])
    ]
    Notice.objects.bulk_create(notices, batch_size=2000)
    today = timezone.localdate()
    contests = []
    for n in range(SIZES["contests"]):
        opens = today - datetime.timedelta(days=30 + n * 3)
        contests.append(
            Contest(
                title_ky=f"Демилгелер сынагы {n}",
                title_ru=f"Конкурс инициатив {n}",
                budget=Decimal("500000"),
                max_per_project=Decimal("100000"),
                window_opens=opens,
                window_closes=opens + datetime.timedelta(days=20),
                status=Contest.Status.CLOSED,
            )
        )
    Contest.objects.bulk_create(contests, batch_size=1000)
    contests = list(Contest.objects.filter(title_ky__startswith="Демилгелер сынагы "))
    applicants = list(get_user_model().objects.order_by("pk")[:20])
    applications = []
    per_contest = SIZES["applications"] // len(contests)
    for i, contest in enumerate(contests):
        for k in range(per_contest):
            applications.append(
                Application(
                    contest=contest,
                    applicant=applicants[(i + k) % len(applicants)],
                    title=f"Долбоор {i}-{k}: көпүрө оңдоо",
                    sequence=k + 1,
                    client_token=uuid.uuid4().hex,
                )
            )
    Application.objects.bulk_create(applications, batch_size=2000)
    people = [
        Person(
            full_name=f"Асанов Бакыт {n}",
            name_key=f"асанов бакыт {n}",
            # Two in three leave a phone (the register's phone is optional): a register where
            # nobody has one would tell SQLite's planner that a phone matches everybody.
            phone=f"+99655{n:07d}" if n % 3 else "",
            consent=Person.Consent.WRITTEN,
            consent_at=now,
        )
        for n in range(SIZES["people"])
    ]
    Person.objects.bulk_create(people, batch_size=5000)
    batch = []
    for n in range(OUTBOX):
        sms = n % 3 == 0
        batch.append(
            OutboxMessage(
                channel="sms" if sms else "email",
                recipient=f"+99670{n % 10_000_000:07d}" if sms else f"t{n}@example.kg",
                subject="" if sms else "Жаңы жарыя",
                body="Жаңы жарыя: суу эртең өчүрүлөт.",
                status=OutboxMessage.Status.SENT,
                idempotency_key=f"scale-{n}",
                # Ten years of messages, the newest an hour ago (not all "sent today": that
                # would spend today's SMS budget and add the office's warning to the page).
                sent_at=now - datetime.timedelta(hours=1, minutes=10 * n),
            )
        )
        if len(batch) == 20_000:
            OutboxMessage.objects.bulk_create(batch)
            batch = []
    OutboxMessage.objects.bulk_create(batch)
    return time.monotonic() - start


def scans(figures) -> list[str]:
    """Queries whose plan reads a whole big table (SQLite EXPLAIN QUERY PLAN)."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for (who, path), figure in figures.items():
            for sql in figure["sql"]:
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                try:
                    cursor.execute("EXPLAIN QUERY PLAN " + sql)
                except Exception:  # noqa: BLE001 — a query with literal % etc.; skip
                    continue
                for detail in (r[-1] for r in cursor.fetchall()):
                    for table in BIG_TABLES:
                        if (
                            detail.startswith(f"SCAN {table}")
                            and "USING" not in detail
                            and "INDEX" not in detail
                        ):
                            found.append(f"{path} as {who}: {detail}")
    return sorted(set(found))


def main():
    source = prepare_db()
    databases = {"1x": BENCH_DIR / "scale-1x.sqlite3", "100x": BENCH_DIR / "scale.sqlite3"}
    for path_db in databases.values():
        shutil.copyfile(source, path_db)
    os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"  # measure rendering, not the cache
    os.environ["OWN_PAGE_CACHE_SECONDS"] = "0"
    django_setup(databases["100x"])
    from django.db import connection

    pages = paths()
    seconds = generate()
    clients = {}
    for size, path_db in databases.items():
        use_database(path_db)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        clients[size] = logged_in_clients()
    figures = measure(databases, clients, pages)
    before, after = figures["1x"], figures["100x"]
    use_database(databases["100x"])  # the EXPLAIN of the 100x queries below
    print(
        f"100x data: {SIZES['notices']} notices, {SIZES['contests']} contests, "
        f"{SIZES['applications']} applications, {SIZES['people']} people, {OUTBOX} outbox rows "
        f"(bulk_create, {seconds:.0f} s)"
    )
    print(f"  {'page':<28} {'who':<9} {'q 1x':>5} {'100x':>5}  {'ms 1x':>7} {'100x':>7} ratio")
    grows, slow, measured = [], [], 0
    for key in pages:
        a, b = before[key], after[key]
        who, path = key
        if a["status"] != 200:
            print(f"  {path:<28} {who:<9} HTTP {a['status']} (skipped)")
            continue
        measured += 1
        ratio = b["ms"] / a["ms"]
        flag = ""
        if b["queries"] != a["queries"] or b["status"] != 200:
            grows.append(f"{path} as {who}: {a['queries']} -> {b['queries']} (HTTP {b['status']})")
            flag += " QUERIES"
        if ratio > TARGET:
            slow.append(f"{path} as {who}: {a['ms']:.1f} -> {b['ms']:.1f} ms ({ratio:.2f}x)")
            flag += " SLOW"
        print(
            f"  {path:<28} {who:<9} {a['queries']:>5} {b['queries']:>5}  "
            f"{a['ms']:>7.1f} {b['ms']:>7.1f} {ratio:4.2f}x{flag}"
        )
    found = scans(after)
    for item in found:
        print("  full scan:", item)
    rows = [
        row(
            "Scale 100x",
            f"pages with the same query count at 1x and 100x data ({measured} page x role)",
            f"{measured - len(grows)} of {measured} constant",
            "all constant",
            "FAIL" if grows else "PASS",
        ),
        row(
            "Scale 100x",
            f"pages within 1.5x of their 1x time at 100x data (in-process, best of {BATCHES}, "
            "in turns)",
            f"{measured - len(slow)} of {measured}",
            "all <= 1.5x",
            "FAIL" if slow else "PASS",
        ),
        row("Scale 100x", "full scans of a big table (EXPLAIN QUERY PLAN)", str(len(found))),
    ]
    rows += [row("Scale 100x", f"grows: {item}", "", "", "FAIL") for item in grows]
    rows += [row("Scale 100x", f"slow: {item}", "", "", "FAIL") for item in slow]
    record("scale", rows)


if __name__ == "__main__":
    main()
