"""Page cost: requests per second of the notice board, a contest page and the budget page
under gunicorn (-w 2, sync workers), each as a ratio to a trivial Django view served by the
same gunicorn in the same run (the framework floor: /bench/floor/, bench-only URL conf).

    .venv/bin/python bench/pages.py [SECONDS]     (default 2 s per URL and round)

Settings: bench/lib/settings.py = dev settings with DEBUG=False and a temporary SQLite
database seeded with `seed_demo --force`. Load: wrk (installed with apt-get when missing and
root), else a Python client with threads. The URLs are measured in turns (floor, pages, floor,
pages, ...) for three rounds; a page's share is the median over the rounds of its req/s
divided by the floor's req/s in the same round, so a
neighbour's burst on this shared machine hits both. Target: each page >= 50 % of the floor.

Two more bench-only URLs are measured for context (no target): /bench/layout/, an empty page in
the public layout (what every page pays before its content), and /bench/cached/notices/, the
notice board view behind cache_page(60) (what caching the board for visitors would give).
"""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lib.common import Gunicorn, load, prepare_db, record, row  # noqa: E402

TARGET = 0.5
ROUNDS = 3


def contest_path() -> str:
    """The contest page with the most applications among the public contests of the demo."""
    from bench.lib.common import django_setup

    django_setup()
    from django.db.models import Count
    from django.test import Client

    from initiatives.models import Contest

    client = Client()
    for contest in Contest.objects.annotate(n=Count("applications")).order_by("-n", "pk"):
        path = f"/ky/initiatives/{contest.pk}/"
        if client.get(path).status_code == 200:
            return path
    raise RuntimeError("no public contest in the demo data")


def breakdown(urls) -> dict:
    """Where a request's time goes, in this process (Django test client, no HTTP): ms per
    request in total, in SQL execution, and in template rendering (which includes the queries
    of lazy querysets the template iterates). Best of 5 batches of 10 requests."""
    import time

    from django.db import connection
    from django.template import base as template_base
    from django.test import Client

    state = {"sql": 0.0, "template": 0.0, "depth": 0}
    original = template_base.Template.render

    def timed_render(self, context):
        if state["depth"]:  # {% extends %} / {% include %}: counted by the outer one
            return original(self, context)
        state["depth"] += 1
        start = time.perf_counter()
        try:
            return original(self, context)
        finally:
            state["template"] += time.perf_counter() - start
            state["depth"] -= 1

    def timed_sql(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            state["sql"] += time.perf_counter() - start

    template_base.Template.render = timed_render
    client = Client()
    figures = {}
    try:
        for label, path in urls:
            for _ in range(3):
                client.get(path)
            best = None
            for _ in range(5):
                state["sql"] = state["template"] = 0.0
                start = time.perf_counter()
                with connection.execute_wrapper(timed_sql):
                    for _ in range(10):
                        client.get(path)
                batch = (
                    (time.perf_counter() - start) * 100,
                    state["sql"] * 100,
                    state["template"] * 100,
                )  # ms per request
                best = batch if best is None or batch[0] < best[0] else best
            figures[label] = best
    finally:
        template_base.Template.render = original
    return figures


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2
    prepare_db()
    pages = [
        ("notice board", "/ky/notices/"),
        ("contest page", contest_path()),
        ("budget page", "/ky/budget/"),
    ]
    context = [
        ("empty page in the layout", "/bench/layout/"),
        ("notice board, cached", "/bench/cached/notices/"),
    ]
    urls = [("floor (trivial view)", "/bench/floor/"), *pages, *context]
    results = {label: [] for label, _ in urls}
    with Gunicorn(workers=2) as server:
        base = f"http://127.0.0.1:{server.port}"
        for _, path in urls:  # warm up both workers (imports, template cache)
            load(base + path, 1)
        for _ in range(ROUNDS):
            for label, path in urls:
                results[label].append(load(base + path, seconds))
    tool = results["floor (trivial view)"][0]["tool"]
    floor = statistics.mean(r["rps"] for r in results["floor (trivial view)"])
    print(f"gunicorn -w 2 sync, {ROUNDS} rounds x {seconds:g} s per URL, 4 connections, {tool}")
    rows = [row("Page cost", "floor: trivial Django view (req/s)", f"{floor:.0f}", "", "INFO")]
    print(f"  {'floor (trivial view)':<22} {floor:8.1f} req/s   /bench/floor/")
    for label, path in pages + context:
        rps = statistics.mean(r["rps"] for r in results[label])
        p50 = statistics.median(r["p50"] for r in results[label])
        bad = sum(r["bad"] for r in results[label])
        ratio = statistics.median(
            r["rps"] / f["rps"]
            for r, f in zip(results[label], results["floor (trivial view)"], strict=False)
        )
        status = "PASS" if ratio >= TARGET and not bad else "FAIL"
        if (label, path) in context:
            status = "INFO" if not bad else "FAIL"
        note = f", {bad} error responses" if bad else ""
        print(
            f"  {label:<22} {rps:8.1f} req/s   {ratio:6.1%} of floor   p50 {p50:.0f} ms"
            f"   {path}   {status}{note}"
        )
        rows.append(
            row(
                "Page cost",
                f"{label} {path} (req/s, share of floor)",
                f"{rps:.0f} = {ratio:.0%}{note}",
                ">= 50 % of floor" if status != "INFO" else "(context, bench-only URL)",
                status,
            )
        )
    print("in-process ms per request (best of 5x10): total / SQL execution / template rendering")
    profile = breakdown([("floor (trivial view)", "/bench/floor/"), *pages, *context])
    for label, (total, sql, template) in profile.items():
        print(f"  {label:<26} {total:6.2f} ms   SQL {sql:5.2f} ms   template {template:5.2f} ms")
        if label != "notice board, cached":
            rows.append(
                row(
                    "Page cost",
                    f"{label}: in-process ms per request (total / SQL / template)",
                    f"{total:.1f} / {sql:.1f} / {template:.1f}",
                )
            )
    record("pages", rows)


if __name__ == "__main__":
    main()
