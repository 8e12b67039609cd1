"""Logged-in pages (issue 19, bench/pages.py): the resident's account and applications, the
office start page and the office notices.

- each makes a fixed number of queries, whatever the data (a bound, and the same count at
  1x and 5x);
- the session's user comes with their roles in one query (municipality/backends.py), and a
  role given or taken shows on the very next request;
- sessions are read with a plain statement (municipality/sessions.py): a log-out ends the
  session for every client holding the cookie, an expired one is not read;
- the office start page's "needs attention" items: the versioned checks are cached under the
  public content version and the date (municipality/services/attention.py) and a service
  write shows on the very next request; the live ones (the SMS budget) run on every visit.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from initiatives.models import Application
from municipality.backends import IdentifierBackend
from municipality.models import LocalIssueList, OutboxMessage, Subscription
from municipality.services import attention
from municipality.services.local_issues import local_issue_list_publish
from tests.initiatives.factories import ApplicationFactory, ContestFactory
from tests.municipality.factories import LocalIssueFactory, NoticeFactory, UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT = "/ky/accounts/me/"
APPLICATIONS = "/ky/initiatives/my/"
OFFICE = "/ky/office/"
OFFICE_NOTICES = "/ky/office/notices/"


@pytest.fixture
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    caches["pages"].clear()


def _count(client, url, django_assert_max_num_queries, bound):
    client.get(url)  # warm up (content types, the municipality)
    with django_assert_max_num_queries(bound) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


# Query counts: fixed, with a bound (BEGIN/COMMIT of ATOMIC_REQUESTS included)


def _subscriptions(user, n):
    start = Subscription.objects.count()
    for i in range(start, start + n):
        Subscription.objects.create(user=user, channel="email", address=f"s{i}-{user.pk}@x.kg")


@pytest.mark.renders
def test_account_page_queries_do_not_grow(client, municipality, django_assert_max_num_queries):
    user = UserFactory(phone="+996555000111")
    client.force_login(user)
    _subscriptions(user, 1)
    # session, user with roles, village, register records, subscriptions, savepoints
    small = _count(client, ACCOUNT, django_assert_max_num_queries, 7)
    _subscriptions(user, 4)
    assert _count(client, ACCOUNT, django_assert_max_num_queries, 7) == small


@pytest.mark.renders
def test_applications_page_queries_do_not_grow(
    client, municipality, resident, django_assert_max_num_queries
):
    client.force_login(resident)
    ApplicationFactory(applicant=resident)
    # session, user with roles, count, the page, the municipality (fragments are off in the
    # tests), savepoints
    small = _count(client, APPLICATIONS, django_assert_max_num_queries, 7)
    for _ in range(4):
        ApplicationFactory(applicant=resident, contest=ContestFactory())
    assert _count(client, APPLICATIONS, django_assert_max_num_queries, 7) == small


def test_applications_page_reads_no_column_twice(client, municipality, resident, settings):
    """The list loads only the columns it shows: nothing is fetched row by row later, in
    Russian too (the contest's title falls back between languages)."""
    contest = ContestFactory(title_ky="Кыргызча аталышы", title_ru="")
    ApplicationFactory(applicant=resident, contest=contest, title="Долбоор")
    other = ContestFactory(title_ky="Экинчи", title_ru="Второй")
    ApplicationFactory(applicant=resident, contest=other, title="Экинчи долбоор")
    client.force_login(resident)
    page = client.get("/ru/initiatives/my/").content.decode()
    assert "Второй" in page and "Кыргызча аталышы" in page and "Долбоор" in page


@pytest.mark.renders
def test_office_start_page_queries_do_not_grow(
    client, municipality, staff_user, django_assert_max_num_queries
):
    client.force_login(staff_user)
    # session, user with roles, every check and the municipality (fragments are off in the
    # tests), savepoints
    small = _count(client, OFFICE, django_assert_max_num_queries, 11)
    for _ in range(5):
        ApplicationFactory()
        LocalIssueFactory()
    assert _count(client, OFFICE, django_assert_max_num_queries, 11) == small


def test_office_start_page_with_cached_checks_makes_fewer_queries(
    client, municipality, staff_user, fragments_on, django_assert_max_num_queries
):
    client.force_login(staff_user)
    client.get(OFFICE)
    live = [name for name in attention.ATTENTION if name not in attention.VERSIONED]
    assert "municipality.sms_budget" in live
    # session, user with roles, the live checks' queries, savepoints: no versioned check
    assert _count(client, OFFICE, django_assert_max_num_queries, 7) <= 7


@pytest.mark.renders
def test_office_notices_queries_do_not_grow(
    client, municipality, staff_user, django_assert_max_num_queries
):
    client.force_login(staff_user)
    NoticeFactory()
    small = _count(client, OFFICE_NOTICES, django_assert_max_num_queries, 8)
    NoticeFactory.create_batch(10)
    assert _count(client, OFFICE_NOTICES, django_assert_max_num_queries, 8) == small


# The session's user and roles


def test_user_comes_with_roles_in_one_query(municipality, django_assert_num_queries):
    user = UserFactory(roles=["staff", "kenesh_secretary"])
    with django_assert_num_queries(1):
        loaded = IdentifierBackend().get_user(user.pk)
    with django_assert_num_queries(0):
        assert loaded.has_role("staff") and loaded.has_role("kenesh_secretary")
        assert not loaded.has_role("head") and loaded.is_office
    assert loaded == user and loaded.full_name == user.full_name
    assert loaded.date_joined == user.date_joined  # converted like the ORM does
    assert not hasattr(loaded, "joined_role_name")


def test_user_without_roles_inactive_or_missing(municipality):
    user = UserFactory()
    loaded = IdentifierBackend().get_user(user.pk)
    assert loaded == user and not loaded.has_role("staff")
    user.is_active = False
    user.save()
    assert IdentifierBackend().get_user(user.pk) is None
    assert IdentifierBackend().get_user(user.pk + 1000) is None


def test_role_given_or_taken_shows_on_the_next_request(client, municipality):
    user = UserFactory()
    client.force_login(user)
    assert client.get(OFFICE).status_code == 403
    staff = Group.objects.get_or_create(name="staff")[0]
    user.groups.add(staff)
    assert client.get(OFFICE).status_code == 200
    user.groups.remove(staff)
    assert client.get(OFFICE).status_code == 403


# Sessions


def test_log_out_ends_the_session_for_every_holder_of_the_cookie(municipality, resident):
    first = Client()
    first.force_login(resident)
    second = Client()
    second.cookies = first.cookies  # the same cookie, as a second gunicorn worker sees it
    assert second.get(ACCOUNT).status_code == 200
    first.post("/ky/accounts/logout/")
    response = second.get(ACCOUNT)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_expired_session_is_not_read(client, municipality, resident):
    client.force_login(resident)
    assert client.get(ACCOUNT).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(ACCOUNT).status_code == 302


# "Needs attention": cached checks are never stale, live ones stay live


def _attention_urls(client) -> list[str]:
    return [url for _text, url in client.get(OFFICE).context["attention"]]


def test_versioned_checks_are_served_from_the_cache(
    client, municipality, staff_user, fragments_on, monkeypatch
):
    monkeypatch.setattr(attention, "ATTENTION", dict(attention.ATTENTION))
    monkeypatch.setattr(attention, "VERSIONED", set(attention.VERSIONED))
    calls = []

    def counted(user):
        calls.append(user.pk)
        return [("Текшерүү", "/ky/counted/")]

    attention.attention_register(name="tests.counted", fn=counted, versioned=True)
    client.force_login(staff_user)
    assert "/ky/counted/" in _attention_urls(client)
    assert "/ky/counted/" in _attention_urls(client)
    assert calls == [staff_user.pk]  # the second visit came from the cache


def test_a_service_write_shows_on_the_very_next_request(
    client, municipality, staff_user, fragments_on
):
    client.force_login(staff_user)
    never = _attention_urls(client)
    assert "/ky/office/local-issues/" in never  # never published
    assert _attention_urls(client) == never  # from the cache
    LocalIssueFactory()
    local_issue_list_publish(actor=staff_user)
    assert "/ky/office/local-issues/" not in _attention_urls(client)


def test_a_new_day_computes_the_checks_again(
    client, municipality, staff_user, fragments_on, monkeypatch
):
    client.force_login(staff_user)
    entry = LocalIssueList.objects.create(published_by=staff_user, items=[])
    published = timezone.now() - datetime.timedelta(days=150)
    LocalIssueList.objects.filter(pk=entry.pk).update(published_at=published)
    assert "/ky/office/local-issues/" not in _attention_urls(client)  # 150 days: fine
    today = timezone.localdate()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + datetime.timedelta(40))
    assert "/ky/office/local-issues/" in _attention_urls(client)  # 190 days: too old


def test_live_checks_see_writes_without_an_audit_row(
    client, municipality, staff_user, fragments_on, settings
):
    settings.SMS_DAILY_BUDGET = 2
    client.force_login(staff_user)
    assert "/ky/office/outbox/" not in _attention_urls(client)
    for i in range(2):
        OutboxMessage.objects.create(
            channel="sms",
            recipient="+996555000000",
            body="x",
            idempotency_key=f"budget-{i}",
            status=OutboxMessage.Status.SENT,
            sent_at=timezone.now(),
        )
    assert "/ky/office/outbox/" in _attention_urls(client)


def test_a_failing_versioned_check_is_not_cached(
    client, municipality, staff_user, fragments_on, monkeypatch
):
    monkeypatch.setattr(attention, "ATTENTION", dict(attention.ATTENTION))
    monkeypatch.setattr(attention, "VERSIONED", set(attention.VERSIONED))
    broken = {"now": True}

    def flaky(user):
        if broken["now"]:
            raise RuntimeError("boom")
        return [("Оңолду", "/ky/flaky/")]

    attention.attention_register(name="tests.flaky", fn=flaky, versioned=True)
    client.force_login(staff_user)
    assert "/ky/flaky/" not in _attention_urls(client)
    broken["now"] = False
    assert "/ky/flaky/" in _attention_urls(client)


def test_applications_list_for_user_loads_no_field_later(
    municipality, resident, django_assert_num_queries
):
    from initiatives.selectors import application_list_for_user

    ApplicationFactory(applicant=resident)
    rows = list(application_list_for_user(resident))
    with django_assert_num_queries(0):
        for row in rows:
            _ = (row.title, row.status, row.registration_number, row.contest.title)
            _ = (row.get_status_display(), row.private_url)
    assert isinstance(rows[0], Application)


# The language switch (municipality/templatetags/portal.py) remembers translated paths


def test_language_switch_links_are_right_from_the_cache(client, municipality, resident):
    from django.urls import clear_url_caches

    from municipality.templatetags.portal import translated_path

    client.force_login(resident)
    for _ in range(2):  # the second time from the remembered paths
        page = client.get(ACCOUNT + "?x=1").content.decode()
        assert 'href="/ru/accounts/me/?x=1"' in page and 'href="/en/accounts/me/?x=1"' in page
    clear_url_caches()  # a new resolver: computed again, same answer
    assert translated_path("/ky/accounts/me/", "ru") == "/ru/accounts/me/"
    assert translated_path("/ky/" + "x" * 300 + "/", "ru") == "/ky/" + "x" * 300 + "/"
