"""The community's lists grow with the years: the priority register, gatherings, needs
assessment meetings and surveys are read a page at a time, each with its own parameter on
the index (issue 19). The reports to the population (one a year) stay whole."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from community import selectors
from community.models import Assessment, Gathering, Priority, Survey
from tests.municipality.factories import VillageFactory
from tests.paging import assert_constant_queries, assert_paged

from .factories import priority

pytestmark = pytest.mark.django_db


def _gatherings(count: int) -> None:
    start = timezone.now() - datetime.timedelta(days=Gathering.objects.count() + 1)
    for n in range(count):
        Gathering.objects.create(
            title="Жыйын",
            agenda="Күн тартиби",
            place="Мектеп",
            starts_at=start - datetime.timedelta(days=n),
            village=VillageFactory(),
        )


def _assessments(count: int) -> None:
    start = timezone.localdate() - datetime.timedelta(days=Assessment.objects.count() + 1)
    for n in range(count):
        Assessment.objects.create(village=VillageFactory(), held_on=start - datetime.timedelta(n))


def _surveys(count: int) -> None:
    start = timezone.localdate() - datetime.timedelta(days=Survey.objects.count() + 1)
    for n in range(count):
        opens = start - datetime.timedelta(days=n)
        Survey.objects.create(
            title="Сурамжылоо", opens_on=opens, closes_on=opens, status=Survey.Status.CLOSED
        )


def _priorities(count: int) -> None:
    first = Priority.objects.count() + 1
    for n in range(count):
        priority(title=f"Артыкчылык {first + n}", rank=first + n)


INDEX = [
    (_priorities, r"/community/priorities/(\d+)/", "page"),
    (_gatherings, r"/community/gatherings/(\d+)/", "gatherings"),
    (_assessments, r"/community/assessments/(\d+)/", "meetings"),
    (_surveys, r"/community/surveys/(\d+)/", "surveys"),
]


@pytest.mark.parametrize(("create", "row", "param"), INDEX)
def test_the_index_pages_each_of_its_lists(client, municipality, create, row, param):
    assert_paged(client, "/ky/community/", create=create, row=row, param=param)


def test_a_list_s_page_links_keep_the_other_lists_pages(client, municipality):
    _gatherings(23)
    _surveys(23)
    page = client.get("/ky/community/?surveys=2").content.decode()
    assert "?surveys=2&amp;gatherings=2" in page
    assert "?gatherings=1&amp;surveys=2" not in page  # a list's own parameter is replaced


def test_the_index_costs_the_same_at_5_and_60_rows(
    client, municipality, django_assert_num_queries
):
    def create(count):
        for make in (_priorities, _gatherings, _assessments, _surveys):
            make(count)

    assert_constant_queries(
        client,
        "/ky/community/",
        create=create,
        django_assert_num_queries=django_assert_num_queries,
    )


@pytest.mark.parametrize(
    ("create", "row", "param"),
    [
        (_priorities, r"/office/priorities/(\d+)/", "page"),
        (_surveys, r"/community/surveys/(\d+)/", "surveys"),
    ],
)
def test_the_office_pages_its_lists(client, municipality, staff_user, create, row, param):
    client.force_login(staff_user)
    assert_paged(client, "/ky/community/office/", create=create, row=row, param=param)


def test_the_office_costs_the_same_at_5_and_60_rows(
    client, municipality, staff_user, django_assert_num_queries
):
    def create(count):
        _priorities(count)
        _surveys(count)

    client.force_login(staff_user)
    assert_constant_queries(
        client,
        "/ky/community/office/",
        create=create,
        django_assert_num_queries=django_assert_num_queries,
    )


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (selectors.priorities_register, "priority_rank"),
        (selectors.gatherings_public, "gathering_newest"),
        (selectors.assessments_public, "assessment_newest"),
        (selectors.surveys_public, "survey_newest"),
    ],
)
def test_the_lists_are_read_from_their_indexes(municipality, queryset, index):
    plan = queryset()[:20].explain()
    if connection.vendor == "sqlite":
        assert index in plan and "TEMP B-TREE" not in plan, plan
