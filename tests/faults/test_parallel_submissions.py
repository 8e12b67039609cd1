"""50 identical submissions at once (double clicks, retries) leave exactly one row.

Each of the 50 threads has its own database connection and its own logged-in test
client, waits at a barrier, and posts the same form at the same moment:
- the contest application form with its one-time form token, "submit";
- a budget proposal on an announced hearing;
- "issue the protocol" of a held hearing (one document number).
Needs PostgreSQL: SQLite serialises writers, so it would prove nothing.
"""

import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from budget.models import Hearing, Proposal
from initiatives.models import Application, Contest
from municipality.models import OfficialDocument
from tests.budget.factories import HearingFactory
from tests.initiatives.factories import ContestFactory
from tests.initiatives.test_views import form_data

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PARALLEL = 50


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite serialises all writers")


def _post_at_once(user, url, data, n=PARALLEL) -> Counter:
    """POST `data` to `url` from n threads at the same moment; returns the status codes."""
    barrier = threading.Barrier(n, timeout=60)
    statuses: list = [None] * n

    def run(i):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            statuses[i] = client.post(url, data).status_code
        except Exception as error:  # noqa: BLE001 — counted below, never hidden
            statuses[i] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(statuses)


def _assert_all_redirected(statuses: Counter) -> None:
    """Every click ends where the first one does (a redirect to the result): no error page."""
    assert statuses == Counter({302: PARALLEL}), statuses


def test_fifty_identical_submissions_make_one_of_each(
    municipality, resident, staff_user, settings, figure
):
    settings.RATELIMIT_ENABLE = False  # every one of the 50 must reach the service
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    announced = HearingFactory(status=Hearing.Status.ANNOUNCED)
    held = HearingFactory(status=Hearing.Status.HELD)

    apply_url = reverse("initiatives:apply", args=[contest.pk])
    statuses = _post_at_once(
        resident, apply_url, form_data(contest, client_token="double-click", action="submit")
    )
    _assert_all_redirected(statuses)
    applications = list(Application.objects.filter(contest=contest))
    assert len(applications) == 1, (len(applications), statuses)
    assert applications[0].status == Application.Status.SUBMITTED
    assert applications[0].registration_number

    propose_url = reverse("budget:hearing-propose", args=[announced.pk])
    statuses = _post_at_once(
        resident, propose_url, {"text": "Көчө чырактарын орнотууга каражат кошуу керек."}
    )
    _assert_all_redirected(statuses)
    proposals = Proposal.objects.filter(hearing=announced).count()
    assert proposals == 1, (proposals, statuses)

    protocol_url = reverse("budget:office-hearing-protocol", args=[held.pk])
    statuses = _post_at_once(staff_user, protocol_url, {})
    _assert_all_redirected(statuses)
    numbers = list(
        OfficialDocument.objects.filter(kind=OfficialDocument.Kind.PROTOCOL).values_list(
            "year", "number"
        )
    )
    assert len(numbers) == 1, (numbers, statuses)
    held.refresh_from_db()
    assert held.status == Hearing.Status.PROTOCOL_PUBLISHED

    figure(
        f"{PARALLEL} parallel submissions → {len(applications)} application, "
        f"{proposals} proposal, {len(numbers)} number"
    )
