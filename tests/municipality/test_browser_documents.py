"""The document page on a phone and the retry button in a real browser (no JavaScript needed)."""

import datetime

import pytest

from municipality.models import OfficialDocument
from municipality.services.documents import document_issue, document_render
from tests.conftest import login_in_browser
from tests.municipality.factories import MunicipalityFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _issue(template_name):
    staff = UserFactory(username="docstaff", roles=["staff"])
    document = document_issue(
        kind=OfficialDocument.Kind.ORDER,
        subject=None,
        title="Буйрук: таң эрте жыйын",
        template_name=template_name,
        actor=staff,
        signer_name="Асанова Гүлнара",
        date=datetime.date(2026, 6, 1),
    )
    return document_render(document=document)


def test_document_page_fits_a_phone_and_links_the_pdf(phone_page, live_server):
    MunicipalityFactory()
    document = _issue("pdf/generic.html")
    phone_page.goto(f"/ky/documents/{document.pk}/")
    assert phone_page.locator("h1").inner_text().startswith("Буйрук № 1")
    assert phone_page.locator("code.document-sha256").inner_text() == document.sha256
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    response = phone_page.request.get(f"{live_server.url}/ky/documents/{document.pk}/pdf/")
    assert response.status == 200 and response.body().startswith(b"%PDF")


def test_staff_retry_button_renders_again(page, broken_template):
    MunicipalityFactory()
    document = _issue("nowhere/missing.html")
    assert document.status == OfficialDocument.Status.FAILED
    OfficialDocument.objects.filter(pk=document.pk).update(template_name="pdf/generic.html")
    login_in_browser(page, "docstaff")
    page.goto(f"/ky/documents/{document.pk}/")
    assert "TemplateDoesNotExist" in page.locator(".document-failed").inner_text()
    page.click(".document-failed button[type=submit]")
    page.wait_for_url(f"**/ky/documents/{document.pk}/")
    assert page.locator("code.document-sha256").count() == 1
    document.refresh_from_db()
    assert document.status == OfficialDocument.Status.ISSUED
