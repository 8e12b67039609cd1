"""The lists of hearings grow with the years: the past ones are paged (issue 19)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from budget.models import Hearing
from budget.selectors import hearing_list
from tests.paging import assert_constant_queries, assert_paged

from .factories import HearingFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _past(count: int) -> None:
    now = timezone.now()
    for n in range(count):
        hearing = HearingFactory(
            status=Hearing.Status.HELD, starts_at=now - datetime.timedelta(days=30 + n)
        )
        ProposalFactory(hearing=hearing)


@pytest.fixture
def upcoming(municipality):
    return HearingFactory(status=Hearing.Status.ANNOUNCED)


@pytest.mark.parametrize("who", ["visitor", "staff"])
def test_past_hearings_are_paged_newest_first(client, staff_user, upcoming, who):
    path, row = "/ky/budget/hearings/", r"/budget/hearings/(\d+)/"
    if who == "staff":
        client.force_login(staff_user)
        path, row = "/ky/budget/office/", r"/budget/office/hearings/(\d+)/"
    assert_paged(client, path, create=_past, row=row, fixed=1)  # the upcoming one
    newest = Hearing.objects.exclude(pk=upcoming.pk).order_by("-starts_at").first()
    page = client.get(path).content.decode()
    assert page.index(f"hearings/{upcoming.pk}/") < page.index(f"hearings/{newest.pk}/")


@pytest.mark.parametrize("who", ["visitor", "staff"])
def test_the_hearings_pages_cost_the_same_at_5_and_60_hearings(
    client, staff_user, upcoming, django_assert_num_queries, who
):
    path = "/ky/budget/hearings/"
    if who == "staff":
        client.force_login(staff_user)
        path = "/ky/budget/office/"
    assert_constant_queries(
        client, path, create=_past, django_assert_num_queries=django_assert_num_queries
    )


def test_past_hearings_are_read_from_their_index(municipality):
    plan = hearing_list()["past"][:20].explain()
    if connection.vendor == "sqlite":
        assert "hearing_newest" in plan and "TEMP B-TREE" not in plan, plan
