"""Page cost: requests per second of one page of every public kind (as a visitor: served
from the never-stale page cache, municipality/page_cache.py) and of a resident's and the
office's pages (logged in) under gunicorn (-w 2, sync workers), each as a ratio to a trivial
Django view served by the same gunicorn in the same run (the framework floor: /bench/floor/,
bench-only URL conf). Targets (issue 19): visitors' pages >= 80 % of the floor, logged-in
pages >= 25 %.

    .venv/bin/python bench/pages.py [SECONDS]     (default 2 s per URL and round)

Settings: bench/lib/settings.py = dev settings with DEBUG=False and a temporary SQLite
database seeded with `seed_demo --force`. Load: wrk (installed with apt-get when missing and
root), else a Python client with threads. The URLs are measured in turns (floor, pages, floor,
pages, ...) for three rounds; a page's share is the median over the rounds of its req/s
divided by the floor's req/s in the same round, so a
neighbour's burst on this shared machine hits both.

One more bench-only URL is measured for context (no target): /bench/layout/, an empty page in
the public layout rendered per request (what a logged-in page pays before its content).
"""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lib.common import Gunicorn, load, prepare_db, record, row  # noqa: E402

PUBLIC_TARGET = 0.8
LOGGED_IN_TARGET = 0.25
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


def breakdown(urls, cookie: str = "") -> dict:
    """Where a request's time goes, in this process (Django test client, no HTTP): ms per
    request in total, in SQL execution, and in template rendering (which includes the queries
    of lazy querysets the template iterates). Best of 5 batches of 10 requests, with the
    cookies of `cookie` (a Cookie header) when given."""
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
    client.cookies.load(cookie)
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


def public_pages() -> list[tuple[str, str]]:
    """One page of every public kind (issue 19): the first object of each kind in the demo
    that a visitor can open."""
    from bench.lib.common import django_setup

    django_setup()
    from django.test import Client

    from budget.models import Hearing
    from engagement_plan.models import Plan
    from monitoring.models import MonitoringGroup, Protocol
    from municipality.models import Notice, OfficialDocument

    client = Client()
    pages = [
        ("home", "/ky/"),
        ("notice board", "/ky/notices/"),
        ("local issues", "/ky/local-issues/"),
        ("plan", "/ky/plan/"),
        ("contests", "/ky/initiatives/"),
        ("contest page", contest_path()),
        ("budget page", "/ky/budget/"),
        ("hearings", "/ky/budget/hearings/"),
        ("monitoring", "/ky/monitoring/"),
        ("documents", "/ky/documents/"),
    ]
    candidates = [
        ("a notice", "/ky/notices/{}/", Notice.objects.visible()),
        ("a hearing", "/ky/budget/hearings/{}/", Hearing.objects.all()),
        ("a plan", "/ky/plan/{}/", Plan.objects.all()),
        ("a monitoring group", "/ky/monitoring/groups/{}/", MonitoringGroup.objects.all()),
        ("a protocol", "/ky/monitoring/protocols/{}/", Protocol.objects.all()),
        ("a document", "/ky/documents/{}/", OfficialDocument.objects.all()),
    ]
    for label, pattern, queryset in candidates:
        for pk in queryset.order_by("pk").values_list("pk", flat=True)[:20]:
            if client.get(pattern.format(pk)).status_code == 200:
                pages.append((label, pattern.format(pk)))
                break
    # The new apps of issues 17 and 18, when they are merged.
    for label, path in (("kenesh", "/ky/kenesh/"), ("community", "/ky/community/")):
        if client.get(path).status_code == 200:
            pages.append((label, path))
    return pages


def session_cookie(username: str) -> str:
    """A Cookie header for a logged-in session of `username` in the bench database: the
    session and the CSRF cookie a browser keeps from its first page (the log-out form)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.get("/ky/accounts/me/")
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    return "; ".join(f"{name}={client.cookies[name].value}" for name in names)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2
    prepare_db()
    pages = public_pages()
    logged_in = [
        ("resident: own account", "/ky/accounts/me/", session_cookie("resident1")),
        ("resident: applications", "/ky/initiatives/my/", session_cookie("resident1")),
        ("office: start page", "/ky/office/", session_cookie("staff")),
        ("office: notices", "/ky/office/notices/", session_cookie("staff")),
    ]
    context = [
        ("empty page in the layout", "/bench/layout/"),
    ]
    floor_label = "floor (trivial view)"
    urls = [(floor_label, "/bench/floor/", "")]
    urls += [(label, path, "") for label, path in pages]
    urls += logged_in
    urls += [(label, path, "") for label, path in context]
    results = {label: [] for label, _, _ in urls}
    with Gunicorn(workers=2) as server:
        base = f"http://127.0.0.1:{server.port}"
        for _, path, cookie in urls:  # warm up both workers (imports, templates, the cache)
            load(base + path, 1, cookie=cookie)
        for _ in range(ROUNDS):
            for label, path, cookie in urls:
                results[label].append(load(base + path, seconds, cookie=cookie))
    tool = results[floor_label][0]["tool"]
    floor = statistics.mean(r["rps"] for r in results[floor_label])
    print(f"gunicorn -w 2 sync, {ROUNDS} rounds x {seconds:g} s per URL, 4 connections, {tool}")
    rows = [row("Page cost", "floor: trivial Django view (req/s)", f"{floor:.0f}", "", "INFO")]
    print(f"  {floor_label:<26} {floor:8.1f} req/s   /bench/floor/")
    kinds = {label: PUBLIC_TARGET for label, _ in pages}
    kinds.update({label: LOGGED_IN_TARGET for label, _, _ in logged_in})
    for label, path, _ in urls[1:]:
        rps = statistics.mean(r["rps"] for r in results[label])
        p50 = statistics.median(r["p50"] for r in results[label])
        bad = sum(r["bad"] for r in results[label])
        ratio = statistics.median(
            r["rps"] / f["rps"] for r, f in zip(results[label], results[floor_label], strict=False)
        )
        target = kinds.get(label)
        if target is None:
            status = "INFO" if not bad else "FAIL"
            target_text = "(context, bench-only URL)"
        else:
            status = "PASS" if ratio >= target and not bad else "FAIL"
            who = "visitor" if target == PUBLIC_TARGET else "logged in"
            target_text = f">= {target:.0%} of floor ({who})"
        note = f", {bad} error responses" if bad else ""
        print(
            f"  {label:<26} {rps:8.1f} req/s   {ratio:6.1%} of floor   p50 {p50:.0f} ms"
            f"   {path}   {status}{note}"
        )
        rows.append(
            row(
                "Page cost",
                f"{label} {path} (req/s, share of floor)",
                f"{rps:.0f} = {ratio:.0%}{note}",
                target_text,
                status,
            )
        )
    print("in-process ms per request (best of 5x10): total / SQL execution / template rendering")
    profile = breakdown([(floor_label, "/bench/floor/"), *pages[:3], *context])
    for label, (total, sql, template) in profile.items():
        print(f"  {label:<26} {total:6.2f} ms   SQL {sql:5.2f} ms   template {template:5.2f} ms")
        rows.append(
            row(
                "Page cost",
                f"{label}: in-process ms per request, visitor, cached (total / SQL / template)",
                f"{total:.1f} / {sql:.1f} / {template:.1f}",
            )
        )
    from django.test import override_settings  # Django is set up by public_pages()

    for what, seconds_kept in (("from the cache", 60), ("rendered (cache off)", 0)):
        with override_settings(OWN_PAGE_CACHE_SECONDS=seconds_kept):
            figures = {}
            for label, path, cookie in logged_in:
                figures.update(breakdown([(label, path)], cookie))
        for label, (total, sql, template) in figures.items():
            print(f"  {label:<26} {total:6.2f} ms   SQL {sql:5.2f} ms   {what}")
            rows.append(
                row(
                    "Page cost",
                    f"{label}: in-process ms per request, logged in, {what} (total / SQL / template)",
                    f"{total:.1f} / {sql:.1f} / {template:.1f}",
                )
            )
    record("pages", rows)


if __name__ == "__main__":
    main()
