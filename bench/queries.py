"""Queries: every public page's SQL query count at 1x and 10x data, as a visitor and as the
demo resident (resident1, who also gets his own account, applications and monitoring pages).

    .venv/bin/python bench/queries.py

Works on a copy of the bench database (seed_demo --force). The page list comes from the demo
data (every contest, plan, hearing, group, protocol, one notice and one document). Then every
content table is multiplied by 10: each row gets 9 copies that point at the same parents, so
list pages show 10x the rows and every detail page's children grow 10x too; where a unique
constraint forbids a copy on the same parents, the copy points at a copy of the parent instead.
A page whose count rises is flagged GROWS (an N+1 query); "fewer" means the page shows other
rows at 10x (e.g. the newest plan is then a copy without children) and is not a failure.
"""

import graphlib
import os
import shutil
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lib.common import BENCH_DIR, django_setup, prepare_db, record, row  # noqa: E402

COPIES = 9
KERNEL_MODELS = {
    "Village",
    "Notice",
    "NoticeAttachment",
    "LocalIssueReference",
    "LocalIssue",
    "LocalIssueList",
    "OfficialDocument",
}
APPS = ("engagement_plan", "initiatives", "budget", "monitoring")


def public_paths() -> list[str]:
    from budget.models import Hearing
    from engagement_plan.models import Plan
    from initiatives.models import Contest
    from monitoring.models import MonitoringGroup, Protocol
    from municipality.models import Notice, OfficialDocument

    paths = [
        "/ky/",
        "/ky/notices/",
        "/ky/notices/feed/",
        "/ky/local-issues/",
        "/ky/documents/",
        "/ky/subscribe/",
        "/ky/accounts/login/",
        "/ky/accounts/signup/",
        "/ky/accounts/password-reset/",
        "/ky/plan/",
        "/ky/initiatives/",
        "/ky/budget/",
        "/ky/budget/lines.csv",
        "/ky/budget/lines.json",
        "/ky/budget/hearings/",
        "/ky/budget/hearings.json",
        "/ky/monitoring/",
        "/ru/notices/",
        "/ru/budget/",
    ]
    notice = Notice.objects.visible().order_by("pk").first()
    if notice:
        paths.append(f"/ky/notices/{notice.pk}/")
    document = OfficialDocument.objects.order_by("pk").first()
    if document:
        paths.append(f"/ky/documents/{document.pk}/")
    for pk in Plan.objects.order_by("pk").values_list("pk", flat=True):
        paths.append(f"/ky/plan/{pk}/")
    for pk in Contest.objects.order_by("pk").values_list("pk", flat=True):
        paths += [f"/ky/initiatives/{pk}/", f"/ky/initiatives/{pk}/results.json"]
    for pk in Hearing.objects.order_by("pk").values_list("pk", flat=True):
        paths.append(f"/ky/budget/hearings/{pk}/")
    for pk in MonitoringGroup.objects.order_by("pk").values_list("pk", flat=True):
        paths.append(f"/ky/monitoring/groups/{pk}/")
    for pk in Protocol.objects.order_by("pk").values_list("pk", flat=True):
        paths.append(f"/ky/monitoring/protocols/{pk}/")
    return paths


def count_queries(client, path) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm: per-process caches (Municipality.current(), translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, len(captured.captured_queries)


def content_models():
    from django.apps import apps

    models = [
        m for m in apps.get_app_config("municipality").get_models() if m.__name__ in KERNEL_MODELS
    ]
    for label in APPS:
        models += list(apps.get_app_config(label).get_models())
    return models


def ordered(models):
    """Parents before children (foreign keys between the copied models)."""
    graph = graphlib.TopologicalSorter()
    names = set(models)
    for model in models:
        parents = {
            f.related_model
            for f in model._meta.fields
            if f.is_relation and f.related_model in names and f.related_model is not model
        }
        graph.add(model, *parents)
    return list(graph.static_order())


def perturbable(field) -> bool:
    from django.db import models

    if field.is_relation or field.choices or field.name == "year":
        return False
    return isinstance(field, (models.IntegerField, models.CharField, models.UUIDField))


def perturb(obj, field, k):
    from django.db import models

    value = getattr(obj, field.attname)
    if isinstance(field, models.UUIDField):
        setattr(obj, field.attname, uuid.uuid4())
    elif isinstance(field, models.IntegerField):
        setattr(obj, field.attname, (value or 0) + 100000 * k)
    elif value:  # CharField; empty strings/NULLs usually do not collide
        suffix = f"~{k}"
        setattr(obj, field.attname, str(value)[: (field.max_length or 200) - len(suffix)] + suffix)


def _unique_sets(meta) -> list[list[str]]:
    """Every set of fields that must stay unique on a copy."""
    from django.db.models import UniqueConstraint

    unique_sets = [list(fields) for fields in meta.unique_together]
    unique_sets += [
        list(c.fields) for c in meta.constraints if isinstance(c, UniqueConstraint) and c.fields
    ]
    unique_sets += [[f.name] for f in meta.fields if f.unique and not f.primary_key]
    return unique_sets


def _make_unique(obj, meta, unique_sets, clones: dict, k: int) -> None:
    """Change copy `k` so it collides with no unique set of the original."""
    for fields in unique_sets:
        fields = [meta.get_field(name) for name in fields]
        plain = [f for f in fields if perturbable(f)]
        if plain:
            perturb(obj, plain[-1], k)
            continue
        for f in fields:  # all foreign keys: point one at the parent's copy k
            if f.is_relation and getattr(obj, f.attname) is not None:
                copy = clones.get((f.related_model, getattr(obj, f.attname)))
                if copy:
                    setattr(obj, f.attname, copy[k - 1])
                    break
        else:
            for f in fields:
                if f.is_relation and f.null:
                    setattr(obj, f.attname, None)
                    break


def _copy(model, original, unique_sets, clones: dict, k: int) -> bool:
    """Insert copy `k` of one row (and its m2m links); False when it still collides."""
    from django.db import IntegrityError, transaction

    meta = model._meta
    obj = model._base_manager.get(pk=original.pk)
    original_pk = obj.pk
    obj.pk = None
    obj.id = None
    obj._state.adding = True
    _make_unique(obj, meta, unique_sets, clones, k)
    try:
        with transaction.atomic():
            model._base_manager.bulk_create([obj])
    except IntegrityError:
        return False
    clones.setdefault((model, original_pk), []).append(obj.pk)
    for m2m in meta.many_to_many:
        if m2m.remote_field.through._meta.auto_created:
            getattr(obj, m2m.name).set(getattr(original, m2m.name).all())
    return True


def multiply(copies: int = COPIES) -> dict:
    """Give every row of every content table `copies` copies. Returns model -> rows added."""
    clones: dict = {}  # (model, original pk) -> [pk of copy 1..copies]
    added = {}
    for model in ordered(content_models()):
        unique_sets = _unique_sets(model._meta)
        originals = list(model._base_manager.order_by("pk"))
        count = 0
        for k in range(1, copies + 1):
            for original in originals:
                count += _copy(model, original, unique_sets, clones, k)
        added[model] = (len(originals), count)
    return added


RESIDENT_PATHS = ["/ky/accounts/me/", "/ky/initiatives/my/", "/ky/monitoring/my/"]


def main():
    source = prepare_db()
    copy = BENCH_DIR / "queries.sqlite3"
    shutil.copyfile(source, copy)
    # Rendered pages, not the visitors' page cache (the copies below are no service writes).
    os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    os.environ["OWN_PAGE_CACHE_SECONDS"] = "0"
    django_setup(copy)
    from django.contrib.auth import get_user_model
    from django.test import Client

    resident = Client()
    resident.force_login(get_user_model().objects.get(username="resident1"))
    people = {"visitor": Client(), "resident1": resident}
    paths = public_paths() + RESIDENT_PATHS

    def measure():
        return {
            (who, path): count_queries(client, path)
            for who, client in people.items()
            for path in paths
            if who == "resident1" or path not in RESIDENT_PATHS
        }

    before = measure()
    from django.db import transaction

    with transaction.atomic():  # one commit: each copy is only a savepoint
        added = multiply()
    after = measure()
    total_before = sum(n for n, _ in added.values())
    total_added = sum(n for _, n in added.values())
    print(
        f"content rows: {total_before} -> {total_before + total_added} "
        f"({(total_before + total_added) / total_before:.1f}x; copies refused by unique "
        f"constraints: {sum(n * COPIES - c for n, c in added.values())})"
    )
    print(f"  {'page':<40} {'visitor 1x':>10} {'10x':>4}   {'resident 1x':>11} {'10x':>4}")
    grows, measured = [], 0
    for path in paths:
        cells = []
        for who in people:
            if (who, path) not in before:
                cells.append(f"{'':>10} {'':>4}")
                continue
            (status1, q1), (status10, q10) = before[(who, path)], after[(who, path)]
            if status1 != 200:
                cells.append(f"{'HTTP ' + str(status1):>10} {'':>4}")
                continue
            measured += 1
            flag = "+" if q10 > q1 else "-" if q10 < q1 else " "
            if q10 > q1 or status10 != 200:
                grows.append(f"{path} as {who}: {q1} -> {q10} (HTTP {status10})")
            cells.append(f"{q1:>10} {q10:>4}{flag}")
        print(f"  {path:<40} {cells[0]}   {cells[1]}")
    print(
        "  (+ grows with the data: an N+1; - fewer at 10x: the page shows other rows, e.g. "
        "the newest plan is then a copy without children)"
    )
    for item in grows:
        print("  GROWS:", item)
    rows = [
        row(
            "Queries",
            f"page x role pairs with the same count at 1x and 10x data "
            f"(visitor and resident1; {measured})",
            f"{measured - len(grows)} of {measured} constant",
            "all constant",
            "FAIL" if grows else "PASS",
        )
    ]
    worst = max((q for key, (status, q) in after.items() if before[key][0] == 200), default=0)
    rows.append(row("Queries", "most queries on one page (10x data)", str(worst)))
    for item in grows:
        rows.append(row("Queries", f"grows: {item}", "", "", "FAIL"))
    record("queries", rows)


if __name__ == "__main__":
    main()
