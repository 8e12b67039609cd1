"""A logged-in person's pages from the cache are never stale (municipality/page_cache.py
`OwnPageCacheMiddleware` with the stored data version of
municipality/data_version.py), are never shown to anyone else, and answer
conditional GETs.

Each staleness test first shows that the page IS served from the cache (X-Page-Cache: hit),
then writes — through a service, a factory, a bulk update, a raw statement, another
connection — and asserts that the very next request of that person shows the change.
"""

import threading

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection, connections, transaction
from django.test import Client

from initiatives.models import Application
from initiatives.services.applications import application_submit
from municipality import data_version as data_version_module
from municipality.data_version import data_version, is_write, work_started
from municipality.models import Subscription, User
from municipality.services.notices import notice_publish
from tests.initiatives.factories import ApplicationFactory
from tests.municipality.factories import UserFactory
from tests.page_visits import cached, fresh

pytestmark = pytest.mark.django_db

ACCOUNT = "/ky/accounts/me/"
APPLICATIONS = "/ky/initiatives/my/"
OFFICE = "/ky/office/"
OFFICE_NOTICES = "/ky/office/notices/"


@pytest.fixture(autouse=True)
def _own_page_cache_on(settings, municipality):
    settings.OWN_PAGE_CACHE_SECONDS = 60


def logged_in(user) -> Client:
    """A browser after its first page: a session and a CSRF cookie."""
    client = Client()
    client.force_login(user)
    client.get("/ky/")
    assert "csrftoken" in client.cookies
    return client


# The stored data version: every write, by any path, once per transaction ----------------


def test_every_connection_watches_its_writes():
    assert data_version_module.watch_writes in connection.execute_wrappers


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ("SELECT 1", False),
        ("  select * from t where title = 'UPDATE'", False),
        ("SAVEPOINT s1", False),
        ("INSERT INTO t VALUES (1)", True),
        ("\n update t set a = 1", True),
        ("DELETE FROM t", True),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", True),
    ],
)
def test_what_counts_as_a_write(sql, writes):
    assert is_write(sql) is writes


def _request_write(write) -> bool:
    """Run `write` as the first write of a new request: did the version move?"""
    work_started()
    before = data_version()
    write()
    return data_version() > before


def test_writes_of_every_kind_bump_the_version(resident):
    def raw_delete():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Subscription._meta.db_table}")

    assert not _request_write(lambda: Subscription.objects.filter(pk=-1).exists())  # a read
    create = Subscription.objects.create
    assert _request_write(lambda: create(user=resident, channel="email", address="a@x.kg"))
    assert _request_write(lambda: Subscription.objects.update(address="b@x.kg"))  # bulk
    assert _request_write(raw_delete)
    assert not Subscription.objects.exists()


@pytest.fixture
def bumps(monkeypatch):
    """The bumps of the stored data version, counted (real commits: transaction=True)."""
    counted = []
    bump = data_version_module._bump
    monkeypatch.setattr(data_version_module, "_bump", lambda: counted.append(1) or bump())
    work_started()  # as at the start of a request
    return counted


@pytest.mark.django_db(transaction=True)
def test_a_transaction_bumps_once_now_and_once_at_commit(municipality, bumps):
    user = UserFactory()  # autocommit: a bump after each statement
    assert bumps
    work_started()
    bumps.clear()
    before = data_version()
    with transaction.atomic():
        for i in range(5):
            Subscription.objects.create(user=user, channel="email", address=f"{i}@x.kg")
        assert len(bumps) == 1 and data_version() == before + 1
    assert len(bumps) == 2 and data_version() == before + 2


@pytest.mark.django_db(transaction=True)
def test_many_writes_with_many_callbacks_ask_once(municipality, bumps):
    """Many writes among many other callbacks ask for one bump at commit (the check looks at
    one entry, not the list), and a savepoint that commits into the transaction needs none
    of its own."""
    user = UserFactory()
    work_started()
    bumps.clear()
    with transaction.atomic():
        for i in range(300):
            transaction.on_commit(lambda: None)
            Subscription.objects.create(user=user, channel="email", address=f"{i}@x.kg")
            with transaction.atomic():
                Subscription.objects.filter(pk=-1).update(address="x")
        assert len(connection.run_on_commit) == 301  # 300 others and one bump
    assert len(bumps) == 2  # at the first write and at commit


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_asks_again(municipality, bumps):
    user = UserFactory()
    work_started()
    bumps.clear()
    with transaction.atomic():
        try:
            with transaction.atomic():
                Subscription.objects.create(user=user, channel="email", address="r@x.kg")
                raise RuntimeError
        except RuntimeError:
            pass
        assert not connection.run_on_commit  # the savepoint's bump went with it
        Subscription.objects.create(user=user, channel="email", address="k@x.kg")
    assert len(bumps) == 2  # at the first write, and at commit for the kept row


@pytest.mark.django_db(transaction=True)
def test_a_write_on_another_connection_bumps_the_version(municipality, settings):
    """A Celery worker or another gunicorn worker writes on its own connection."""
    user = UserFactory()
    before = data_version()

    def write():
        try:
            Subscription.objects.create(user=user, channel="email", address="w@x.kg")
        finally:
            connections.close_all()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    assert data_version() > before


# The person's pages: never stale ---------------------------------------------------------


def test_own_draft_and_its_submission_show_at_once(resident):
    client = logged_in(resident)
    assert "Мектептин чатыры" not in cached(client, APPLICATIONS)
    application = ApplicationFactory(applicant=resident, title="Мектептин чатыры")
    assert "Мектептин чатыры" in fresh(client, APPLICATIONS)
    draft_page = cached(client, APPLICATIONS)
    application_submit(actor=resident, application=application)
    assert fresh(client, APPLICATIONS) != draft_page
    assert Application.objects.get(pk=application.pk).status != Application.Status.DRAFT


def test_a_write_that_bypasses_the_services_shows_at_once(resident):
    client = logged_in(resident)
    assert "Жаңы Ысым" not in cached(client, ACCOUNT)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {User._meta.db_table} SET full_name = %s WHERE id = %s",
            ["Жаңы Ысым", resident.pk],
        )
    assert "Жаңы Ысым" in fresh(client, ACCOUNT)


def test_a_new_notice_shows_in_the_office_list_at_once(staff_user):
    client = logged_in(staff_user)
    assert "Суу боюнча кеңеш" not in cached(client, OFFICE_NOTICES)
    notice_publish(actor=staff_user, category="general", title="Суу боюнча кеңеш", body="Текст.")
    assert "Суу боюнча кеңеш" in fresh(client, OFFICE_NOTICES)


def test_a_role_taken_away_closes_the_office_at_once(municipality):
    user = UserFactory(roles=["staff"])
    client = logged_in(user)
    cached(client, OFFICE)
    user.groups.remove(Group.objects.get(name="staff"))
    assert client.get(OFFICE).status_code == 403


def test_a_log_out_elsewhere_ends_the_cached_pages(resident):
    client = logged_in(resident)
    cached(client, ACCOUNT)
    Session.objects.all().delete()  # the person logged out on another device, or expired
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_message_is_shown_not_cached_and_not_lost(resident):
    client = logged_in(resident)
    cached(client, ACCOUNT)
    form = {"full_name": "Айгүл Жаңы", "language": "ky", "email": resident.email}
    response = client.post("/ky/accounts/me/edit/", form, follow=True)
    assert response.redirect_chain[-1][0] == ACCOUNT
    assert response.get("X-Page-Cache") != "hit"
    page = response.content.decode()
    assert 'role="status"' in page and "Айгүл Жаңы" in page
    after = fresh(client, ACCOUNT)  # the message is gone, the page is stored again
    assert 'role="status"' not in after and "Айгүл Жаңы" in after


def test_pages_are_per_person_and_per_language(municipality):
    first, second = UserFactory(full_name="Айгүл"), UserFactory(full_name="Бакыт")
    one, two = logged_in(first), logged_in(second)
    assert "Айгүл" in cached(one, ACCOUNT) and "Бакыт" not in cached(one, ACCOUNT)
    assert "Бакыт" in cached(two, ACCOUNT) and "Айгүл" not in cached(two, ACCOUNT)
    assert fresh(one, "/ru/accounts/me/") != cached(one, ACCOUNT)


def test_a_copied_session_cookie_with_another_csrf_cookie_is_rendered_afresh(resident):
    client = logged_in(resident)
    cached(client, ACCOUNT)
    other = Client()
    other.cookies["sessionid"] = client.cookies["sessionid"].value
    other.cookies["csrftoken"] = "x" * 32
    response = other.get(ACCOUNT)
    assert response.status_code == 200 and response.get("X-Page-Cache") != "hit"


def test_without_a_csrf_cookie_nothing_is_stored(resident):
    client = Client()
    client.force_login(resident)
    response = client.get(ACCOUNT)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "csrftoken" in response.cookies  # the browser keeps it: the next visit is stored


def test_the_cached_page_forms_still_post(resident):
    """The CSRF token inside a stored page is made from the same cookie: it still works."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    client.get("/ky/")
    page = cached(client, ACCOUNT)
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post("/ky/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(ACCOUNT).status_code == 302  # logged out: the stored page is gone


def test_etag_answers_304_and_the_copy_stays_private(resident):
    client = logged_in(resident)
    first = client.get(ACCOUNT)
    assert "private" in first["Cache-Control"] and "public" not in first["Cache-Control"]
    again = client.get(ACCOUNT, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    Subscription.objects.create(user=resident, channel="email", address="c@x.kg")
    changed = client.get(ACCOUNT, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_turned_off_it_stores_nothing(resident, settings):
    settings.OWN_PAGE_CACHE_SECONDS = 0
    client = logged_in(resident)
    client.get(ACCOUNT)
    assert "X-Page-Cache" not in client.get(ACCOUNT)


def test_a_made_up_session_cookie_stores_nothing(municipality):
    client = Client()
    client.cookies["sessionid"] = "made-up-" + "x" * 24
    client.cookies["csrftoken"] = "y" * 32
    for _ in range(2):
        response = client.get("/ky/initiatives/")
        assert response.status_code == 200 and "X-Page-Cache" not in response


def test_a_page_that_must_stay_live_is_not_stored(resident):
    """`never_cache` (Cache-Control: no-store) keeps a view out, e.g. "my work"."""
    client = logged_in(resident)
    for _ in range(2):
        response = client.get("/ky/my/")
        assert response.status_code == 200 and "X-Page-Cache" not in response
