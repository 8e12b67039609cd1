"""Visitors' pages from the cache are never stale (municipality/page_cache.py with the public
content version of municipality/services/public_version.py), and answer conditional GETs.

Each staleness test first shows that the page IS served from the cache (X-Page-Cache: hit),
then changes the content through the service a clerk's form calls, and asserts that the
very next visitor request shows the change.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from budget import services as budget_services
from initiatives import services as contest_services
from initiatives.models import Contest
from municipality.models import Notice
from municipality.services.notices import notice_delete, notice_publish, notice_update
from municipality.services.public_version import public_content_changed, public_version
from tests.budget.factories import BudgetLineFactory
from tests.initiatives.factories import ContestFactory
from tests.municipality.factories import IssuedOrderFactory, NoticeFactory
from tests.page_visits import cached, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings, municipality):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


# Kernel: notices ---------------------------------------------------------------------


def test_publish_shows_on_the_next_visit(client, staff_user):
    assert "Жаңы жарыя суу боюнча" not in cached(client, "/ky/notices/")
    assert "Жаңы жарыя суу боюнча" not in cached(client, "/ky/")
    notice_publish(
        actor=staff_user,
        category=Notice.Category.GENERAL,
        title="Жаңы жарыя суу боюнча",
        body="Суу эртең өчүрүлөт.",
    )
    assert "Жаңы жарыя суу боюнча" in fresh(client, "/ky/notices/")
    assert "Жаңы жарыя суу боюнча" in fresh(client, "/ky/")


def test_withdraw_hides_on_the_next_visit(client, staff_user):
    notice = NoticeFactory(title="Эски жарыя жыйын жөнүндө")
    assert "Эски жарыя жыйын жөнүндө" in cached(client, "/ky/notices/")
    cached(client, f"/ky/notices/{notice.pk}/")
    notice_delete(notice=notice, actor=staff_user)
    assert "Эски жарыя жыйын жөнүндө" not in fresh(client, "/ky/notices/")
    fresh(client, f"/ky/notices/{notice.pk}/", status=404)


def test_edit_shows_on_the_next_visit(client, staff_user):
    notice = NoticeFactory(title="Жыйын саат ондо")
    path = f"/ky/notices/{notice.pk}/"
    assert "Жыйын саат ондо" in cached(client, path)
    notice_update(notice=notice, actor=staff_user, title_ky="Жыйын саат он экиде")
    page = fresh(client, path)
    assert "Жыйын саат он экиде" in page and "Жыйын саат ондо" not in page
    assert "Жыйын саат он экиде" in fresh(client, "/ky/notices/")


def test_translation_edit_shows_on_the_next_visit(client, staff_user):
    notice = NoticeFactory(title_ru="Сход в десять часов")
    path = f"/ru/notices/{notice.pk}/"
    assert "Сход в десять часов" in cached(client, path)
    cached(client, f"/ky/notices/{notice.pk}/")
    notice_update(notice=notice, actor=staff_user, title_ru="Сход в двенадцать часов")
    assert "Сход в двенадцать часов" in fresh(client, path)
    fresh(client, f"/ky/notices/{notice.pk}/")  # one version for every language


def test_status_move_shows_on_the_next_visit(client, staff_user):
    draft = NoticeFactory(title="Долбоор жарыя көчө жөнүндө", status=Notice.Status.DRAFT)
    assert "Долбоор жарыя көчө жөнүндө" not in cached(client, "/ky/notices/")
    notice_publish(actor=staff_user, category=draft.category, notice=draft)
    assert "Долбоор жарыя көчө жөнүндө" in fresh(client, "/ky/notices/")


# One object per app --------------------------------------------------------------------


def test_contest_edit_and_status_move_show_on_the_next_visit(client, staff_user):
    contest = ContestFactory(status=Contest.Status.ANNOUNCED, title="Сынак суу түтүгү")
    path = f"/ky/initiatives/{contest.pk}/"
    before = cached(client, path)
    assert "Сынак суу түтүгү" in before
    contest_services.contest_update(actor=staff_user, contest=contest, title="Сынак жол")
    edited = fresh(client, path)
    assert "Сынак жол" in edited
    cached(client, path)
    contest_services.contest_open(actor=staff_user, contest=contest)
    opened = fresh(client, path)
    assert opened != edited


def test_budget_line_edit_shows_on_the_next_visit(client, staff_user):
    line = BudgetLineFactory(year=timezone.localdate().year, planned=Decimal("100000"))
    before = cached(client, "/ky/budget/")
    budget_services.budget_line_save(
        actor=staff_user,
        line=line,
        data={"year": line.year, "category": line.category, "planned": Decimal("777555")},
    )
    after = fresh(client, "/ky/budget/")
    assert after != before
    assert "777" in after


def test_document_pdf_attached_bumps_the_version(staff_user):
    """document_render (the worker attaching an issued PDF) writes no audit row, so it
    says so itself."""
    from municipality.services.documents import render as documents

    assert (
        "public_content_changed()"
        in open(documents.__file__)
        .read()
        .split("def document_render", 1)[1]
        .split("def document_retry", 1)[0]
    )


def test_every_audited_write_bumps_the_version(staff_user):
    before = public_version()
    NoticeFactory()  # a factory writes no audit row: no bump
    assert public_version() == before
    notice_publish(actor=staff_user, category=Notice.Category.GENERAL, title="Т", body="Б")
    assert public_version() > before
    middle = public_version()
    public_content_changed()
    assert public_version() > middle


# Who is served from the cache ----------------------------------------------------------


def test_logged_in_people_are_never_served_a_visitors_page(client, resident):
    cached(client, "/ky/notices/")
    client.force_login(resident)
    response = client.get("/ky/notices/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "ETag" not in response


def test_a_visitor_with_messages_is_not_served_from_the_cache(client):
    cached(client, "/ky/notices/")
    client.cookies["messages"] = "anything"
    response = client.get("/ky/notices/")
    assert "X-Page-Cache" not in response


def test_pages_with_a_form_token_are_not_stored(client):
    client.get("/ky/accounts/login/")
    response = client.get("/ky/accounts/login/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_office_pages_and_health_are_not_stored(client):
    client.get("/healthz")
    assert "X-Page-Cache" not in client.get("/healthz")
    assert "X-Page-Cache" not in client.get("/ky/admin/login/")


# Conditional GET -----------------------------------------------------------------------


def test_etag_answers_304_until_the_content_changes(client, staff_user):
    first = client.get("/ky/notices/")
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    again = client.get("/ky/notices/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    by_date = client.get("/ky/notices/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    notice_publish(actor=staff_user, category=Notice.Category.GENERAL, title="Жаңы", body="Б")
    changed = client.get("/ky/notices/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_browsers_revalidate_before_reusing_a_page(client):
    response = client.get("/ky/notices/")
    assert "no-cache" in response["Cache-Control"]


def test_scheduled_and_expired_pages_live_at_most_the_setting(settings, client):
    """Time alone (a deadline, a scheduled notice) changes pages without a write: a stored
    page is kept at most PUBLIC_PAGE_CACHE_SECONDS."""
    from django.core.cache import caches

    from municipality.page_cache import page_key

    client.get("/ky/notices/")
    cache = caches["pages"]
    request = type("R", (), {"path": "/ky/notices/", "META": {"QUERY_STRING": ""}})()
    expiry = cache._expire_info[cache.make_and_validate_key(page_key(request))]
    now = datetime.datetime.now().timestamp()
    assert expiry - now <= settings.PUBLIC_PAGE_CACHE_SECONDS + 1


def test_document_pdf_answers_304(
    client, staff_user, monkeypatch, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.municipality.test_documents import issue

    monkeypatch.setattr("municipality.pdf.render_pdf", lambda **kwargs: b"%PDF-1.7 fake document")
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(actor=staff_user, subject=NoticeFactory())
    url = reverse("municipality:document-pdf", args=[document.pk])
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert b"".join(first.streaming_content).startswith(b"%PDF")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    other = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


def test_static_files_have_hashed_names_and_a_long_cache(settings, tmp_path):
    """Production storage (whitenoise's manifest): collectstatic writes hashed names, and
    whitenoise serves them with a cache of a year or more, `immutable`."""
    from django.core.management import call_command
    from django.test import RequestFactory
    from django.test.utils import override_settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        STORAGES=storages,
        STATIC_ROOT=tmp_path,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        DEBUG=False,
    ):
        call_command("collectstatic", "--no-input", "-v", "0")
        css = next(p for p in tmp_path.rglob("*.css") if len(p.stem.split(".")) > 1)
        url = "/static/" + css.relative_to(tmp_path).as_posix()
        middleware = WhiteNoiseMiddleware(lambda request: None)
        response = middleware(RequestFactory().get(url))
        assert response.status_code == 200
        cache_control = response["Cache-Control"]
        max_age = int(cache_control.split("max-age=")[1].split(",")[0])
        assert max_age >= 365 * 24 * 3600 and "immutable" in cache_control


def test_a_cache_that_is_down_fails_neither_pages_nor_writes(settings, client, staff_user):
    """Redis for the pages unreachable: visitors get rendered pages, clerks can still write."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    assert type(caches["pages"]).__name__ == "RedisCache"  # nothing listens on port 1
    notice_publish(actor=staff_user, category=Notice.Category.GENERAL, title="Суу", body="Б")
    response = client.get("/ky/notices/")
    assert response.status_code == 200 and "Суу" in response.content.decode()
    assert "X-Page-Cache" not in response


# Residents' own writes that visitors see (no audit row: the services bump the version) ---


def test_a_residents_support_shows_on_the_next_visit(client, resident):
    from tests.initiatives.factories import ApplicationFactory

    contest = ContestFactory(status=Contest.Status.ACCEPTING, public_support_phase=True)
    application = ApplicationFactory(contest=contest)
    contest_services.application_submit(actor=application.applicant, application=application)
    before = cached(client, contest.get_absolute_url())
    assert contest_services.application_support(actor=resident, application=application)
    assert fresh(client, contest.get_absolute_url()) != before


def test_a_registration_to_a_session_shows_on_the_next_visit(client, resident, kenesh_user):
    from kenesh import services as kenesh_services
    from tests.kenesh.test_views import _announced_session

    session = _announced_session(kenesh_user)
    before = cached(client, session.get_absolute_url())
    kenesh_services.session_register(session=session, user=resident)
    assert fresh(client, session.get_absolute_url()) != before


def test_a_petitions_new_supporter_shows_on_the_next_visit(client):
    from kenesh import services as kenesh_services
    from tests.kenesh.factories import phone
    from tests.municipality.factories import UserFactory, VillageFactory

    village = VillageFactory()
    petition = kenesh_services.petition_file(
        actor=UserFactory(phone=phone(), village=village), title="Жол", text="Жолду оңдогула"
    )
    before = cached(client, petition.get_absolute_url())
    supporter = UserFactory(phone=phone(), village=village, full_name="Асанова Айгүл")
    kenesh_services.petition_support(petition=petition, user=supporter, show_name=True)
    assert fresh(client, petition.get_absolute_url()) != before


# Files sent by nginx: the body is empty here, the file is named in a header -------------


@pytest.mark.parametrize("logged_in", [False, True])
def test_a_file_nginx_sends_is_never_stored(client, settings, resident, logged_in):
    """With X-Accel-Redirect the response has no body: a stored copy would be an empty PDF."""
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected-media/"
    settings.OWN_PAGE_CACHE_SECONDS = 60
    document = IssuedOrderFactory()
    if logged_in:
        client.force_login(resident)
        client.get("/ky/")  # the CSRF cookie
    for _ in range(2):
        response = client.get(f"/ky/documents/{document.pk}/pdf/")
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == "/protected-media/" + document.file.name
        assert "X-Page-Cache" not in response
