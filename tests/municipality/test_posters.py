"""A4 posters of notices for the physical notice board."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from municipality.models import Municipality, Notice
from municipality.pdf import render_html
from municipality.services.posters import POSTER_TEMPLATE, notice_poster_pdf
from tests.municipality.documents_helpers import pdf_text
from tests.municipality.factories import NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(municipality):
    bishkek = timezone.get_fixed_timezone(6 * 60)
    return NoticeFactory(
        title="Жыйын: көчөнү жөндөө <b>маанилүү</b>",
        title_ru="Сход: ремонт улицы",
        body="Урматтуу тургундар!\nЖыйынга келиңиздер, таң эрте башталат.",
        publish_at=datetime.datetime(2026, 5, 2, 9, 0, tzinfo=bishkek),
        event_at=datetime.datetime(2026, 5, 10, 15, 30, tzinfo=bishkek),
        place="Маданият үйү",
    )


def test_poster_pdf_has_header_title_dates_place_and_qr(notice, client, settings):
    url = reverse("municipality:notice-poster", args=[notice.pk])
    assert url == f"/ky/notices/{notice.pk}/poster.pdf"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    text = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    for expected in (
        "КӨКТӨБӨ АЙЫЛ ӨКМӨТҮ",
        "Жыйын: көчөнү жөндөө <b>маанилүү</b>",
        "02.05.2026",
        "10.05.2026 15:30",
        "Маданият үйү",
        "таң эрте",
        "ЖАРЫЯ",
        "бет 1 / 1",
    ):
        assert expected in text, expected
    html = render_html(
        template_name=POSTER_TEMPLATE,
        context={"notice": notice, "municipality": Municipality.current()},
        language="ky",
    )
    assert settings.SITE_URL + f"/ky/notices/{notice.pk}/" in html
    assert 'class="qr" src="data:image/svg+xml' in html
    assert "&lt;b&gt;маанилүү&lt;/b&gt;" in html


def test_poster_is_cached_until_the_notice_changes(notice, monkeypatch):
    first = notice_poster_pdf(notice=notice, language="ky")
    calls = []
    monkeypatch.setattr(
        "municipality.pdf.render_pdf", lambda **kw: calls.append(kw) or b"%PDF-new"
    )
    assert notice_poster_pdf(notice=notice, language="ky") == first
    assert calls == []
    notice.title = "Жаңы аталыш"
    notice.save()
    second = notice_poster_pdf(notice=notice, language="ky")
    assert second != first and not first.exists() and second.read_bytes() == b"%PDF-new"
    assert list((settings.MEDIA_ROOT / "posters").glob("*.part")) == []


def test_russian_poster_uses_russian_title(notice):
    path = notice_poster_pdf(notice=notice, language="ru")
    assert "Сход: ремонт улицы" in pdf_text(path)


def test_only_visible_notices_have_posters(municipality, client, monkeypatch):
    monkeypatch.setattr("municipality.pdf.render_pdf", lambda **kw: b"%PDF-x")
    draft = NoticeFactory(status=Notice.Status.DRAFT)
    future = NoticeFactory(publish_at=timezone.now() + datetime.timedelta(days=2))
    expired = NoticeFactory(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    for hidden in (draft, future, expired):
        url = reverse("municipality:notice-poster", args=[hidden.pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("municipality:notice-poster", args=[999999])).status_code == 404


def test_notice_page_links_to_the_poster(notice, client):
    page = client.get(notice.get_absolute_url())
    if page.status_code != 200:
        pytest.skip("the notice page is not in place yet")
    assert reverse("municipality:notice-poster", args=[notice.pk]) in page.content.decode()
