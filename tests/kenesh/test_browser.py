"""The journey of issue 17: a resident signs, the secretary enters a paper sheet, the threshold
is reached, the session considers the initiative with the initiators present, and the
resolution is published."""

import datetime

import pytest
from django.utils import timezone

from kenesh import services
from kenesh.models import Initiative, Resolution, Session
from tests.conftest import login_in_browser
from tests.kenesh.factories import collecting_initiative, deputies, phone
from tests.municipality.factories import UserFactory, VillageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _as(page, user):
    page.context.clear_cookies()
    login_in_browser(page, user.username)
    page.wait_for_url(lambda url: "/login/" not in url)


def test_initiative_from_signature_to_published_resolution(page, municipality, tmp_path):
    village = VillageFactory(name="Ак-Суу")
    secretary = UserFactory(roles=["kenesh_secretary"])
    resident = UserFactory(phone=phone(), village=village, full_name="Айгерим Садыкова")
    team = deputies(3)
    services.charter_save(actor=secretary, number="4", adopted_on=None, signature_threshold=2)
    initiative = collecting_initiative(secretary)

    # A resident signs online and asks to be told the decision.
    _as(page, resident)
    page.goto(f"/ky/kenesh/initiatives/{initiative.pk}/")
    page.check("input[name=wants_news]")
    page.click(f"form[action$='/initiatives/{initiative.pk}/sign/'] button[type=submit]")
    page.wait_for_load_state()
    assert "1 / 2" in page.inner_text("#signature-count") or "1" in page.inner_text(
        "#signature-count"
    )

    # The kenesh secretary enters a signed paper sheet with its scan.
    scan = tmp_path / "sheet.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    _as(page, secretary)
    page.goto(f"/ky/kenesh/office/initiatives/{initiative.pk}/sheet/")
    page.set_input_files("input[name=scan]", str(scan))
    page.fill("input[name='line-0-full_name']", "Жылдыз Мамытова")
    page.fill("input[name='line-0-birth_year']", "1979")
    page.select_option("select[name='line-0-village']", str(village.pk))
    page.fill("input[name='line-0-signed_on']", timezone.localdate().isoformat())
    page.click("form:has(input[name=scan]) button[type=submit]")
    page.wait_for_url(f"**/kenesh/initiatives/{initiative.pk}/")
    assert "2" in page.inner_text("#signature-count")

    # The secretary prepares a session and puts the initiative on its agenda.
    page.goto("/ky/kenesh/office/sessions/new/")
    starts = timezone.localtime() + datetime.timedelta(days=20)
    page.fill("input[name=convocation]", "7")
    page.fill("input[name=number]", "15")
    page.fill("input[name=starts_at]", starts.strftime("%Y-%m-%dT10:00"))
    page.fill("input[name=place]", "Айыл өкмөтүнүн залы")
    page.click("form:has(input[name=convocation]) button[type=submit]")
    page.wait_for_url("**/kenesh/office/sessions/*/")
    session = Session.objects.get(number=15)
    page.goto(f"/ky/kenesh/office/initiatives/{initiative.pk}/")
    page.select_option("select[name=session]", str(session.pk))
    page.click("form:has(input[value=agenda]) button[type=submit]")
    page.wait_for_url(f"**/kenesh/office/sessions/{session.pk}/")
    page.click("form:has(input[value=announce]) button[type=submit]")
    page.wait_for_load_state()
    session.refresh_from_db()
    assert session.status == Session.Status.ANNOUNCED

    # The session day: deputies present, the initiators invited and present.
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now())
    page.goto(f"/ky/kenesh/office/sessions/{session.pk}/")
    for deputy in team:
        page.check(f"input[name=deputies_present][value='{deputy.pk}']")
    page.click("form:has(input[value=hold]) button[type=submit]")
    page.wait_for_load_state()
    item = session.items.get()
    page.fill("input[name=how]", "Телефон менен, 20 күн мурда")
    page.click(
        "input[value=invite] ~ input[name=item] ~ button, form:has(input[value=invite]) button"
    )
    page.wait_for_load_state()
    page.goto(f"/ky/kenesh/office/items/{item.pk}/decision/")
    page.select_option("select[name=outcome]", "adopted")
    page.fill("input[name=votes_for]", "3")
    page.check("input[name=initiators_present]")
    page.fill("textarea[name=resolution_text]", "Мектептин жанында ылдамдык чектелсин.")
    page.click("form:has(select[name=outcome]) button[type=submit]")
    page.wait_for_url(f"**/kenesh/office/sessions/{session.pk}/")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.ADOPTED
    resolution = Resolution.objects.get()
    page.goto(f"/ky/kenesh/resolutions/{resolution.pk}/")
    page.click("form[action$='/publish/'] button")
    page.wait_for_load_state()
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.PUBLISHED

    # A visitor reads it in the register, in Kyrgyz and in Russian.
    page.context.clear_cookies()
    page.goto("/ky/kenesh/resolutions/")
    assert resolution.title in page.content()
    page.goto("/ru/kenesh/resolutions/")
    assert page.locator(f"a[href$='/kenesh/resolutions/{resolution.pk}/']").count() == 1
    # The Russian translation copy was stored when it was published, and is served from there.
    resolution.refresh_from_db()
    assert resolution.pdf_ru
    page.goto(f"/ru/kenesh/resolutions/{resolution.pk}/")
    href = page.get_attribute("a[href$='/ru.pdf']", "href")
    response = page.request.get(href)
    assert response.status == 200 and response.body().startswith(b"%PDF")
