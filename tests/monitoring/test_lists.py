"""Monitoring's lists grow with the years: the signed protocols are paged on the index, the
groups and recommendations beside them capped; the office's recommendations paged (issue 19)."""

import datetime

import pytest
from django.db import connection

from monitoring import selectors
from monitoring.models import Protocol
from tests.paging import assert_constant_queries, assert_paged, rows_on

from .factories import (
    MonitoringGroupFactory,
    ProtocolFactory,
    RecommendationFactory,
    SubjectFactory,
    today,
)

pytestmark = pytest.mark.django_db


def _protocols(count: int, *, recommendations: bool = False) -> None:
    group = MonitoringGroupFactory()
    start = today() - datetime.timedelta(days=Protocol.objects.count() + 1)
    for n in range(count):
        protocol = ProtocolFactory(
            subject=SubjectFactory(group=group),
            status=Protocol.Status.PUBLISHED,
            visit_date=start - datetime.timedelta(days=n),
        )
        if recommendations:
            RecommendationFactory(protocol=protocol)


def _recommendations(count: int) -> None:
    _protocols(count, recommendations=True)


def test_the_index_pages_its_protocols(client, municipality):
    assert_paged(client, "/ky/monitoring/", create=_protocols, row=r"/monitoring/protocols/(\d+)/")


def test_the_index_caps_the_groups_and_the_recommendations(client, municipality):
    for _n in range(12):
        _recommendations(1)
    page = client.get("/ky/monitoring/").content.decode()
    assert rows_on(page, r"/monitoring/groups/(\d+)/") == 10
    assert page.count("mon-rec card") == 10


def test_the_index_costs_the_same_at_5_and_60_protocols(
    client, municipality, django_assert_num_queries
):
    assert_constant_queries(
        client,
        "/ky/monitoring/",
        create=_recommendations,
        django_assert_num_queries=django_assert_num_queries,
    )


def test_the_office_pages_the_recommendations(client, municipality, staff_user):
    client.force_login(staff_user)
    assert_paged(
        client,
        "/ky/monitoring/office/?status=all",
        create=_recommendations,
        row=r"/office/recommendations/(\d+)/",
    )
    page = client.get("/ky/monitoring/office/?status=all").content.decode()
    assert "?status=all&amp;page=2" in page


def test_the_office_costs_the_same_at_5_and_60_recommendations(
    client, municipality, staff_user, django_assert_num_queries
):
    client.force_login(staff_user)
    assert_constant_queries(
        client,
        "/ky/monitoring/office/",
        create=_recommendations,
        django_assert_num_queries=django_assert_num_queries,
    )


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (selectors.protocols_public, "protocol_newest"),
        (selectors.groups_public, "group_newest"),
        (lambda: selectors.recommendations_for_office(status="open"), "recommendation_queue"),
    ],
)
def test_the_lists_are_read_from_their_indexes(municipality, queryset, index):
    plan = queryset()[:20].explain()
    if connection.vendor == "sqlite":
        assert index in plan and "TEMP B-TREE" not in plan, plan


def test_the_public_protocols_are_the_signed_and_published_ones(municipality):
    left_out = {Protocol.Status.DRAFT, Protocol.Status.SUBMITTED}
    assert set(Protocol.Status.values) - left_out == {
        Protocol.Status.SIGNED,
        Protocol.Status.PUBLISHED,
    }  # protocols_public() spells its filter as the statuses left out
