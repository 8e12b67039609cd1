"""The office's list of plans is paged (issue 19); the public page shows one plan with its
activities, comments and versions, each bounded by that plan."""

import pytest

from tests.paging import assert_constant_queries, assert_paged

from .factories import PlanFactory

pytestmark = pytest.mark.django_db

PATH = "/ky/plan/office/"


def _plans(count: int) -> None:
    PlanFactory.create_batch(count)


def test_the_office_pages_its_plans(client, municipality, staff_user):
    client.force_login(staff_user)
    assert_paged(client, PATH, create=_plans, row=r"/plan/office/plans/(\d+)/")


def test_the_office_costs_the_same_at_5_and_60_plans(
    client, municipality, staff_user, django_assert_num_queries
):
    client.force_login(staff_user)
    assert_constant_queries(
        client, PATH, create=_plans, django_assert_num_queries=django_assert_num_queries
    )
