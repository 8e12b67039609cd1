"""The kenesh's lists grow with the years: sessions, resolutions, initiatives and petitions
are paged; the index and the office show the latest few of the others (issue 19)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from kenesh import selectors
from kenesh.models import AgendaItem, Initiative, Petition, Resolution, Session, Signature
from tests.municipality.factories import UserFactory
from tests.paging import assert_constant_queries, assert_paged, rows_on

pytestmark = pytest.mark.django_db


def _sessions(count: int) -> None:
    start = timezone.now() - datetime.timedelta(days=1 + Session.objects.count())
    for n in range(count):
        session = Session.objects.create(
            convocation=7,
            number=Session.objects.count() + 1,
            starts_at=start - datetime.timedelta(days=n),
            place="Айыл өкмөтү",
            status=Session.Status.HELD,
        )
        AgendaItem.objects.create(session=session, order=1, title="Бюджет")


def _resolutions(count: int) -> None:
    start = timezone.localdate() - datetime.timedelta(days=Resolution.objects.count())
    for n in range(count):
        Resolution.objects.create(
            number=f"{Resolution.objects.count() + 1}",
            adopted_on=start - datetime.timedelta(days=n),
            title="Токтом",
            text="Текст",
            status=Resolution.Status.PUBLISHED,
        )


def _sign(**subject) -> None:
    Signature.objects.create(
        **subject, kind=Signature.Kind.ONLINE, user=UserFactory(), signed_on=timezone.localdate()
    )


def _initiatives(count: int) -> None:
    filer = UserFactory()
    for _n in range(count):
        initiative = Initiative.objects.create(
            title="Демилге",
            summary="Кыскача",
            draft_text="1.",
            initiators="Асан",
            filed_by=filer,
            status=Initiative.Status.COLLECTING,
        )
        _sign(initiative=initiative)


def _petitions(count: int) -> None:
    filer = UserFactory()
    for _n in range(count):
        petition = Petition.objects.create(title="Өтүнүч", text="Текст", filed_by=filer)
        _sign(petition=petition)


PUBLIC = [
    ("/ky/kenesh/", _sessions, r"/kenesh/sessions/(\d+)/"),
    ("/ky/kenesh/resolutions/", _resolutions, r"/kenesh/resolutions/(\d+)/"),
    ("/ky/kenesh/initiatives/", _initiatives, r"/kenesh/initiatives/(\d+)/"),
    ("/ky/kenesh/petitions/", _petitions, r"/kenesh/petitions/(\d+)/"),
]


@pytest.mark.parametrize(("path", "create", "row"), PUBLIC)
def test_the_public_lists_are_paged(client, municipality, path, create, row):
    assert_paged(client, path, create=create, row=row)


@pytest.mark.parametrize(("path", "create", "row"), PUBLIC)
def test_the_public_lists_cost_the_same_at_5_and_60_rows(
    client, municipality, django_assert_num_queries, path, create, row
):
    assert_constant_queries(
        client, path, create=create, django_assert_num_queries=django_assert_num_queries
    )


def test_the_index_shows_upcoming_sessions_whole_and_the_latest_resolutions(client, municipality):
    Session.objects.create(
        convocation=7,
        number=100,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        place="Айыл өкмөтү",
        status=Session.Status.ANNOUNCED,
    )
    _sessions(23)
    _resolutions(15)
    page = client.get("/ky/kenesh/?page=2").content.decode()
    assert rows_on(page, r"/kenesh/sessions/(\d+)/") == 1 + 3
    assert rows_on(page, r"/kenesh/resolutions/(\d+)/") == 10
    assert 'href="/ky/kenesh/resolutions/"' in page


def test_the_office_pages_its_sessions(client, municipality, kenesh_user):
    client.force_login(kenesh_user)
    assert_paged(client, "/ky/kenesh/office/", create=_sessions, row=r"/office/sessions/(\d+)/")


def test_the_office_costs_the_same_at_5_and_60_rows(
    client, municipality, kenesh_user, django_assert_num_queries
):
    def create(count):
        _sessions(count)
        _initiatives(count)

    client.force_login(kenesh_user)
    assert_constant_queries(
        client,
        "/ky/kenesh/office/",
        create=create,
        django_assert_num_queries=django_assert_num_queries,
    )


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (selectors.sessions_public, "session_newest"),
        (selectors.resolutions_public, "resolution_newest"),
        (selectors.initiatives_public, "initiative_newest"),
        (selectors.petitions_public, "petition_newest"),
    ],
)
def test_the_lists_are_read_from_their_indexes(municipality, queryset, index):
    plan = queryset()[:20].explain()
    if connection.vendor == "sqlite":
        assert index in plan and "TEMP B-TREE" not in plan, plan
