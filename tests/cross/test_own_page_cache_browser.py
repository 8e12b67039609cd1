"""A logged-in person's pages from the cache in a real browser (issue 19): the second visit
comes from the cache, a write outside the services shows on the next one, and the log-out
form of a stored page still works (its CSRF token is made from the browser's cookie)."""

import pytest

from municipality.models import User
from tests.conftest import login_in_browser
from tests.municipality.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACCOUNT = "/ky/accounts/me/"


def _fetch(page):
    """The account page with the browser's cookies but without its HTTP cache, which
    would answer a revalidated copy (304) with the headers it kept from the first visit."""
    response = page.context.request.get(ACCOUNT)
    assert response.status == 200
    return response.headers.get("x-page-cache"), response.text()


def test_cached_own_page_stays_fresh_and_its_forms_post(page, municipality, settings):
    settings.OWN_PAGE_CACHE_SECONDS = 60
    user = UserFactory(username="resident7", full_name="Айгүл Асанова")
    login_in_browser(page, "resident7")
    page.wait_for_load_state()
    assert _fetch(page)[0] == "miss"
    source, text = _fetch(page)
    assert source == "hit" and "Айгүл Асанова" in text
    User.objects.filter(pk=user.pk).update(full_name="Айгүл Жуманова")  # no service, no audit
    source, text = _fetch(page)
    assert source == "miss" and "Айгүл Жуманова" in text
    page.goto(ACCOUNT)  # the browser revalidates: the server answers from the cache (304)
    assert "Айгүл Жуманова" in page.content()
    with page.expect_navigation() as navigation:
        page.click("form[action$='/accounts/logout/'] button[type=submit]")
    assert navigation.value.status == 200  # not the 403 of a refused CSRF token
    page.goto(ACCOUNT)
    assert "/accounts/login/" in page.url
