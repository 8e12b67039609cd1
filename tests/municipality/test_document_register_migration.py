"""Migration 0011: numbering per issuing body keeps every existing number.

Existing protocols move into their body's register with the number they had; each new
register's counter starts after its highest number, so no number is given twice.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("municipality", "0010_bounded_text_and_links")]
AFTER = [("municipality", "0011_document_registers_per_body")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_existing_numbers_are_kept_and_registers_continue(old_apps):
    Document = old_apps.get_model("municipality", "OfficialDocument")
    Counter = old_apps.get_model("municipality", "DocumentCounter")
    day = datetime.date(2026, 3, 1)
    rows = [
        ("order", "pdf/generic.html", 1),
        ("protocol", "budget/pdf/protocol.html", 1),
        ("protocol", "initiatives/pdf/protocol.html", 2),
        ("protocol", "budget/pdf/protocol.html", 3),
    ]
    for kind, template, number in rows:
        Document.objects.create(
            kind=kind,
            year=2026,
            number=number,
            date=day,
            title="Т",
            template_name=template,
            status="issued",
        )
    Counter.objects.create(kind="protocol", year=2026, last_number=3)
    Counter.objects.create(kind="order", year=2026, last_number=1)

    new_apps = _migrate(AFTER)
    Document = new_apps.get_model("municipality", "OfficialDocument")
    Counter = new_apps.get_model("municipality", "DocumentCounter")
    kept = sorted(Document.objects.values_list("kind", "register", "number"))
    assert kept == [
        ("order", "", 1),
        ("protocol", "contest-commission", 2),
        ("protocol", "hearing", 1),
        ("protocol", "hearing", 3),
    ]
    counters = {(c.kind, c.register): c.last_number for c in Counter.objects.filter(year=2026)}
    assert counters[("protocol", "hearing")] == 3
    assert counters[("protocol", "contest-commission")] == 2
    assert counters[("order", "")] == 1
