"""Shared fragments of logged-in pages (municipality/fragments.py) are cached under the public
content version and the language, and are never stale: each test shows a fragment IS served
from the cache, then writes through the service or the audited admin, and asserts the very
next request shows the change. Per-person parts (the name, the log-out form) are not shared."""

import pytest
from django.core.cache import caches

from municipality.models import Municipality, Notice
from municipality.services.notices import notice_publish, notice_update
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fragments_on(settings, municipality):
    settings.FRAGMENT_CACHE_SECONDS = 600
    caches["pages"].clear()


def fragment_keys() -> list[str]:
    return [k for k in caches["pages"]._cache if ":fragment:" in k]  # locmem keys


def test_layout_and_office_menu_are_served_from_the_cache(client, staff_user):
    client.force_login(staff_user)
    first = client.get("/ky/office/notices/")
    names = {key.split(":")[3] for key in fragment_keys()}
    assert {"site-links-wide", "site-links-menu", "footer", "office-nav"} <= names
    assert {"municipality", "office-notices"} <= names
    second = client.get("/ky/office/notices/")
    assert second.status_code == 200
    # Same page; only the per-request CSRF token of the log-out form differs.
    assert (
        first.content.decode().split("csrfmiddlewaretoken")[0]
        == (second.content.decode().split("csrfmiddlewaretoken")[0])
    )


def _admin_post_municipality(client, municipality, **changes):
    administrator = UserFactory(roles=["administrator"])
    client.force_login(administrator)
    url = f"/ky/admin/municipality/municipality/{municipality.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "logo"}
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_municipality_edited_in_the_admin_shows_at_once_in_header_and_footer(
    client, staff_user, municipality
):
    client.force_login(staff_user)
    page = client.get("/ky/office/").content.decode()
    assert municipality.name in page
    assert client.get("/ky/office/").status_code == 200  # served from the fragments
    _admin_post_municipality(
        client, municipality, name_ky="Жаңы Айыл өкмөтү", address_ky="Борбордук көчө, 1"
    )
    assert Municipality.objects.get().name_ky == "Жаңы Айыл өкмөтү"
    client.force_login(staff_user)
    page = client.get("/ky/office/").content.decode()
    assert page.count("Жаңы Айыл өкмөтү") >= 2  # the header and the footer
    assert "Борбордук көчө, 1" in page


def test_menus_are_cached_per_language(client, staff_user):
    client.force_login(staff_user)
    ky = client.get("/ky/office/notices/").content.decode()
    ru = client.get("/ru/office/notices/").content.decode()
    assert 'href="/ky/notices/"' in ky and 'href="/ky/office/people/"' in ky
    assert 'href="/ru/notices/"' in ru and 'href="/ru/office/people/"' in ru
    assert 'href="/ky/notices/"' not in ru


def test_per_person_parts_are_not_shared(client, staff_user):
    first, second = UserFactory(first_name="Айгүл"), UserFactory(first_name="Бакыт")
    client.force_login(first)
    page = client.get("/ky/accounts/me/").content.decode()
    assert str(first) in page
    client.force_login(second)
    page = client.get("/ky/accounts/me/").content.decode()
    assert str(second) in page and str(first) not in page
    assert 'href="/ky/office/"' not in page  # "Office" is for staff only
    client.force_login(staff_user)
    assert 'href="/ky/office/"' in client.get("/ky/accounts/me/").content.decode()


def test_office_notice_list_is_fresh_after_publish_and_edit(client, staff_user):
    client.force_login(staff_user)
    assert "Суу өчүрүлөт" not in client.get("/ky/office/notices/").content.decode()
    client.get("/ky/office/notices/")  # now from the fragment
    notice = notice_publish(
        actor=staff_user, category=Notice.Category.GENERAL, title="Суу өчүрүлөт", body="Эртең."
    )
    assert "Суу өчүрүлөт" in client.get("/ky/office/notices/").content.decode()
    notice_update(notice=notice, actor=staff_user, title_ky="Суу өчүрүлбөйт")
    page = client.get("/ky/office/notices/").content.decode()
    assert "Суу өчүрүлбөйт" in page and "Суу өчүрүлөт<" not in page


def test_pages_render_when_the_cache_is_down(client, staff_user, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(caches["pages"], "get", down)
    client.force_login(staff_user)
    page = client.get("/ky/office/notices/")
    assert page.status_code == 200 and 'href="/ky/office/people/"' in page.content.decode()
