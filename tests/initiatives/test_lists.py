"""The office's contest list grows with the years: it is paged (issue 19)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from initiatives.selectors import contest_list_office
from tests.paging import assert_constant_queries, assert_paged

from .factories import ContestFactory

pytestmark = pytest.mark.django_db

PATH = "/ky/initiatives/office/"
ROW = r"/initiatives/office/(\d+)/"


def _contests(count: int) -> None:
    today = timezone.localdate()
    for n in range(count):
        ContestFactory(window_opens=today - datetime.timedelta(days=30 * n))


def test_the_office_contest_list_is_paged(client, municipality, staff_user):
    client.force_login(staff_user)
    assert_paged(client, PATH, create=_contests, row=ROW)


def test_the_office_contest_list_costs_the_same_at_5_and_60_contests(
    client, municipality, staff_user, django_assert_num_queries
):
    client.force_login(staff_user)
    assert_constant_queries(
        client, PATH, create=_contests, django_assert_num_queries=django_assert_num_queries
    )


def test_the_office_contest_list_is_read_from_its_index(municipality):
    plan = contest_list_office()[:20].explain()
    if connection.vendor == "sqlite":
        assert "contest_newest" in plan and "TEMP B-TREE" not in plan, plan
