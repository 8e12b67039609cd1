import os

import pytest

# Playwright's sync API runs an event loop in the test thread; live_server needs this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_addoption(parser):
    parser.addoption(
        "--page-caches",
        action="store_true",
        help="run with every page cache on (visitors' and persons' pages, fragments): every "
        "test that reads a page after a write then checks that it is not stale; tests marked "
        "`renders` (they measure rendering) are skipped",
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--page-caches"):
        return
    skip = pytest.mark.skip(reason="measures rendering: run without --page-caches")
    for item in items:
        if "renders" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _page_caches(request):
    """With --page-caches, as in production (the test settings turn them off)."""
    if request.config.getoption("--page-caches"):
        settings = request.getfixturevalue("settings")
        settings.PUBLIC_PAGE_CACHE_SECONDS = 60
        settings.OWN_PAGE_CACHE_SECONDS = 60
        settings.FRAGMENT_CACHE_SECONDS = 600


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _kyrgyz_first():
    """Start every test in Kyrgyz: a request in an earlier test leaves its language active,
    and modeltranslation writes `title=` into the active language's column."""
    from django.utils import translation

    translation.activate("ky")
    yield
    translation.activate("ky")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test rolls its data back without a service write, so the visitors' pages cached
    by an earlier test (municipality/page_cache.py) must go too."""
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def municipality(db):
    from tests.municipality.factories import MunicipalityFactory

    return MunicipalityFactory()


def _user_with_role(role):
    from tests.municipality.factories import UserFactory

    return UserFactory(roles=[role] if role else [])


@pytest.fixture
def resident(db):
    return _user_with_role(None)


@pytest.fixture
def staff_user(db):
    return _user_with_role("staff")


@pytest.fixture
def head_user(db):
    return _user_with_role("head")


@pytest.fixture
def kenesh_user(db):
    return _user_with_role("kenesh_secretary")


@pytest.fixture
def admin_user_role(db):
    return _user_with_role("administrator")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser tab against the live server; mark tests
    `@pytest.mark.browser` and `@pytest.mark.django_db(transaction=True, serialized_rollback=True)`.
    """
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone_page(chromium, live_server):
    """A phone-sized tab (360×740, touch) against the live server."""
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        has_touch=True,
        is_mobile=True,
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def login_in_browser(page, username, password="pass-Word-123", language="ky"):
    """Log in through the real login form."""
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form[method=post] button[type=submit]")


@pytest.fixture
def broken_template(monkeypatch):
    """A registered template that is broken at render time (e.g. deleted after a deploy)."""
    from municipality.services import documents

    monkeypatch.setitem(
        documents._KINDS,
        "nowhere/missing.html",
        documents.DocumentKind("nowhere/missing.html", None, None, None),
    )
