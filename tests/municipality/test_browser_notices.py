"""A visitor reads a notice in Kyrgyz, switches to Russian and reads the same notice."""

import pytest

from municipality.models import Notice
from tests.municipality.factories import NoticeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_read_a_notice_then_switch_to_russian(page, municipality):
    notice = NoticeFactory(
        title="Ичүүчү суу бейшемби күнү өчүрүлөт",
        title_ru="В четверг отключат питьевую воду",
        body="Суу түтүгү оңдолот.",
        body_ru="Будет ремонт водопровода.",
    )
    NoticeFactory(
        title="Сел коркунучу", title_ru="Угроза селя", category=Notice.Category.EMERGENCY
    )
    page.goto("/")
    assert page.url.endswith("/ky/")
    page.get_by_role("link", name="Ичүүчү суу бейшемби күнү өчүрүлөт").click()
    page.wait_for_url(f"**/ky/notices/{notice.pk}/")
    assert page.locator("h1").inner_text() == "Ичүүчү суу бейшемби күнү өчүрүлөт"
    assert "Суу түтүгү оңдолот." in page.locator("main").inner_text()

    page.locator(".lang-switch").get_by_role("link", name="Русский").click()
    page.wait_for_url(f"**/ru/notices/{notice.pk}/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "В четверг отключат питьевую воду"
    assert "Будет ремонт водопровода." in page.locator("main").inner_text()


def test_board_on_a_phone_pins_the_emergency(phone_page, municipality):
    NoticeFactory(title="Жөнөкөй жарыя")
    NoticeFactory(title="Сел коркунучу", category=Notice.Category.EMERGENCY)
    phone_page.goto("/ky/notices/")
    first = phone_page.locator("article.notice-item").first
    assert "Сел коркунучу" in first.inner_text()
    assert "notice-emergency" in first.get_attribute("class")
