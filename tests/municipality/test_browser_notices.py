"""A visitor reads a notice in Kyrgyz, switches to Russian and reads the same notice."""

import pytest

from municipality.models import Notice
from tests.municipality.factories import NoticeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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


def test_one_notice_prints_on_one_a4_sheet_without_menus(page, municipality, tmp_path):
    import subprocess

    notice = NoticeFactory(
        title="Айылдык жыйын",
        body="Жыйын жекшемби күнү саат 10до өтөт.\n\nБардыгын чакырабыз.",
        place="Маданият үйү",
    )
    page.goto(f"/ky/notices/{notice.pk}/")
    page.emulate_media(media="print")
    pdf = tmp_path / "notice.pdf"
    page.pdf(path=str(pdf), format="A4")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           1" in info
    assert "A4" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Айылдык жыйын" in text and "Маданият үйү" in text
    assert municipality.name in text
    assert "Кирүү" not in text  # the login link of the menu is not printed
