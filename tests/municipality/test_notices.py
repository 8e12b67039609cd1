"""The public notice board, its feed, and the office pages that manage notices."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from municipality.models import AuditEntry, Notice, NoticeAttachment
from tests.municipality.factories import NoticeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A whole 1×1 PNG: uploads are decoded, not only sniffed (municipality/uploads.py).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
    b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _states():
    now = timezone.now()
    return {
        "visible": NoticeFactory(title="Көрүнгөн жарыя", title_ru="Видимое объявление"),
        "draft": NoticeFactory(
            title="Долбоор жарыя", title_ru="Черновик объявления", status=Notice.Status.DRAFT
        ),
        "scheduled": NoticeFactory(
            title="Пландалган жарыя",
            title_ru="Запланированное объявление",
            publish_at=now + timedelta(days=2),
        ),
        "expired": NoticeFactory(
            title="Мөөнөтү өткөн жарыя",
            title_ru="Истёкшее объявление",
            publish_at=now - timedelta(days=10),
            expire_at=now - timedelta(days=1),
        ),
    }


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("ky", "Көрүнгөн жарыя", ["Долбоор жарыя", "Пландалган жарыя", "Мөөнөтү өткөн жарыя"]),
        (
            "ru",
            "Видимое объявление",
            ["Черновик объявления", "Запланированное объявление", "Истёкшее объявление"],
        ),
    ],
)
def test_board_shows_only_published_due_and_unexpired_notices(client, language, shown, hidden):
    _states()
    response = client.get(f"/{language}/notices/")
    assert response.status_code == 200
    content = response.content.decode()
    assert shown in content
    for title in hidden:
        assert title not in content


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("state", ["draft", "scheduled", "expired"])
def test_hidden_notice_detail_is_404(client, language, state):
    notice = _states()[state]
    assert client.get(f"/{language}/notices/{notice.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("language", "title"), [("ky", "Көрүнгөн жарыя"), ("ru", "Видимое объявление")]
)
def test_visible_notice_detail_in_each_language(client, language, title):
    notice = _states()["visible"]
    response = client.get(f"/{language}/notices/{notice.pk}/")
    assert response.status_code == 200
    c = response.content.decode()
    assert title in c


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_emergency_notice_is_pinned_on_top(client, language):
    now = timezone.now()
    NoticeFactory(title="Жаңы жарыя", title_ru="Новое объявление", publish_at=now)
    NoticeFactory(
        title="Шашылыш: суу жок",
        title_ru="Срочно: нет воды",
        category=Notice.Category.EMERGENCY,
        publish_at=now - timedelta(days=3),
    )
    response = client.get(f"/{language}/notices/")
    notices = list(response.context["notices"])
    assert notices[0].category == Notice.Category.EMERGENCY
    content = response.content.decode()
    emergency, newest = (
        ("Шашылыш: суу жок", "Жаңы жарыя")
        if language == "ky"
        else ("Срочно: нет воды", "Новое объявление")
    )
    assert content.index(emergency) < content.index(newest)


def test_board_is_paginated_newest_first(client):
    now = timezone.now()
    for day in range(25):
        NoticeFactory(title=f"Жарыя күн {day:02d}", publish_at=now - timedelta(days=day, hours=1))
    first = client.get("/ky/notices/")
    titles = [n.title for n in first.context["notices"]]
    assert len(titles) == 20
    assert titles[0] == "Жарыя күн 00"
    second = client.get("/ky/notices/?page=2")
    assert [n.title for n in second.context["notices"]][-1] == "Жарыя күн 24"


def test_filter_by_category(client):
    NoticeFactory(title="Сынак жарыяланды", category=Notice.Category.CONTEST)
    NoticeFactory(title="Жалпы маалымат", category=Notice.Category.GENERAL)
    response = client.get("/ky/notices/?category=contest")
    titles = [n.title for n in response.context["notices"]]
    assert titles == ["Сынак жарыяланды"]


def test_search_finds_title_and_text_in_both_languages(client):
    NoticeFactory(
        title="Сугат суу боюнча жыйын",
        title_ru="Сход по поливной воде",
        body="Бардыгын чакырабыз.",
        body_ru="Приглашаем всех.",
    )
    NoticeFactory(
        title="Таштанды ташуу",
        title_ru="Вывоз мусора",
        body="Графиги өзгөрдү.",
        body_ru="График изменился.",
    )
    assert [n.title for n in client.get("/ky/notices/?q=Сугат").context["notices"]] == [
        "Сугат суу боюнча жыйын"
    ]
    assert [n.title for n in client.get("/ru/notices/?q=График").context["notices"]] == [
        "Вывоз мусора"
    ]
    assert list(client.get("/ky/notices/?q=жок-мындай-сөз").context["notices"]) == []


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=-1",
        "?page=999999",
        "?page=1.5",
        "?category=nonsense",
        "?category=" + "x" * 300,
        "?q=" + "ж" * 20000,
        "?q=%00%27%22",
        "?page=",
    ],
)
def test_bad_board_input_never_fails(client, query):
    NoticeFactory()
    assert client.get(f"/ky/notices/{query}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/ky/notices/abc/",
        "/ky/notices/99999999999999999999999/",
        "/ky/notices/0/",
        "/ru/notices/-1/",
    ],
)
def test_bad_notice_ids_are_404(client, path):
    assert client.get(path).status_code == 404


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    with translation.override("ru"):
        assert translation.gettext("Page not found") in response.content.decode()


def test_detail_lists_attachments_with_size_and_type(client):
    notice = NoticeFactory()
    NoticeAttachment.objects.create(
        notice=notice,
        file=SimpleUploadedFile("tartip.pdf", PDF),
        title="Тартип.pdf",
        content_type="application/pdf",
        size=2048,
    )
    content = client.get(f"/ky/notices/{notice.pk}/").content.decode()
    assert "Тартип.pdf" in content
    assert "PDF" in content
    assert "/files/municipality.noticeattachment/" in content


def test_feed_is_valid_atom_with_visible_notices_only(client):
    states = _states()
    response = client.get("/ru/notices/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = root.findall("a:entry", ns)
    titles = [entry.find("a:title", ns).text for entry in entries]
    assert titles == ["Видимое объявление"]
    link = entries[0].find("a:link", ns).get("href")
    assert link.endswith(f"/ru/notices/{states['visible'].pk}/")
    assert root.find("a:updated", ns) is not None and root.find("a:id", ns) is not None


# savepoint and release (ATOMIC_REQUESTS), the municipality, one page of notices (and one
# row more: no COUNT of the whole board, municipality/pagination.py)
BOARD_QUERIES = 4


@pytest.mark.parametrize("size", [30, 200])
def test_notice_list_query_count_is_constant(
    client, municipality, size, django_assert_num_queries
):
    NoticeFactory.create_batch(size)
    NoticeFactory.create_batch(3, category=Notice.Category.EMERGENCY)
    with django_assert_num_queries(BOARD_QUERIES):
        response = client.get("/ky/notices/?page=2")
    assert len(response.context["notices"]) > 0


def test_the_board_is_paged_without_counting_it(client, municipality):
    from municipality.views.notices import NOTICES_PER_PAGE

    notices = NoticeFactory.create_batch(NOTICES_PER_PAGE + 3)
    first = client.get("/ky/notices/").content.decode()
    assert 'rel="next"' in first and ">Барак 1<" in first  # no total: nothing was counted
    second = client.get("/ky/notices/?page=2")
    assert len(second.context["notices"]) == 3 and 'rel="next"' not in second.content.decode()
    # an old link past the end shows the last page; a page number of any size is no error
    assert client.get("/ky/notices/?page=7").context["page"].number == 2
    assert client.get("/ky/notices/?page=" + "9" * 40).status_code == 200
    assert client.get("/ky/notices/?page=-3").context["page"].number == 1
    assert {n.pk for n in notices} >= {n.pk for n in second.context["notices"]}


# Office pages


OFFICE_URLS = [
    "/ky/office/notices/",
    "/ky/office/notices/new/",
    "/ky/office/notices/{pk}/edit/",
    "/ky/office/notices/{pk}/delete/",
]


@pytest.mark.parametrize("url", OFFICE_URLS)
def test_office_notice_pages_send_visitors_to_login(client, url):
    notice = NoticeFactory()
    response = client.get(url.format(pk=notice.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", OFFICE_URLS)
def test_office_notice_pages_refuse_residents(client, resident, url):
    notice = NoticeFactory()
    client.force_login(resident)
    assert client.get(url.format(pk=notice.pk)).status_code == 403


@pytest.mark.parametrize(
    "action", ["/ky/office/notices/{pk}/publish/", "/ky/office/notices/{pk}/delete/"]
)
def test_residents_cannot_publish_or_delete(client, resident, action):
    notice = NoticeFactory(status=Notice.Status.DRAFT)
    client.force_login(resident)
    assert client.post(action.format(pk=notice.pk)).status_code == 403
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DRAFT


@pytest.mark.parametrize("url", OFFICE_URLS)
def test_office_notice_pages_open_for_staff(client, staff_user, url):
    notice = NoticeFactory()
    client.force_login(staff_user)
    assert client.get(url.format(pk=notice.pk)).status_code == 200


def _form(**extra):
    data = {
        "title_ky": "Айылдык жыйын",
        "title_ru": "Сельский сход",
        "body_ky": "Жыйын жекшембиде өтөт.",
        "body_ru": "Сход состоится в воскресенье.",
        "category": Notice.Category.GENERAL,
        "place_ky": "Маданият үйү",
        "place_ru": "Дом культуры",
    }
    data.update(extra)
    return data


def test_staff_create_draft_then_publish_is_audited(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/ky/office/notices/new/", _form())
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.DRAFT
    assert notice.title_ru == "Сельский сход"
    assert client.get(f"/ky/notices/{notice.pk}/").status_code == 404
    created = AuditEntry.objects.get(action=AuditEntry.Action.CREATE)
    assert created.actor == staff_user
    assert created.changes["title_ky"] == [None, "Айылдык жыйын"]

    client.post(f"/ky/office/notices/{notice.pk}/publish/", {"confirm": "yes"})
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED
    published = AuditEntry.objects.get(action=AuditEntry.Action.PUBLISH)
    assert (published.old_status, published.new_status) == ("draft", "published")
    assert client.get(f"/ru/notices/{notice.pk}/").status_code == 200


def test_save_and_publish_in_one_step(client, head_user):
    client.force_login(head_user)
    response = client.post("/ky/office/notices/new/", _form(publish="1"))
    client.post(response["Location"], {"confirm": "yes"})  # after the confirmation page
    assert Notice.objects.get().status == Notice.Status.PUBLISHED


def test_scheduled_publication_stays_hidden_until_due(client, staff_user):
    client.force_login(staff_user)
    later = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/ky/office/notices/new/", _form(publish_at=later, publish="1"))
    client.post(response["Location"], {"confirm": "yes"})
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.PUBLISHED
    assert notice.board_state == "scheduled"
    assert client.get(f"/ky/notices/{notice.pk}/").status_code == 404


def test_edit_records_before_and_after(client, staff_user):
    notice = NoticeFactory(title="Эски аталыш")
    client.force_login(staff_user)
    response = client.post(
        f"/ky/office/notices/{notice.pk}/edit/",
        _form(
            title_ky="Жаңы аталыш",
            publish_at=timezone.localtime(notice.publish_at).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title == "Жаңы аталыш"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert entry.changes["title_ky"] == ["Эски аталыш", "Жаңы аталыш"]


def test_delete_is_audited(client, staff_user):
    notice = NoticeFactory(title="Өчүрүлө турган")
    client.force_login(staff_user)
    client.post(f"/ky/office/notices/{notice.pk}/delete/")
    assert not Notice.objects.filter(pk=notice.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert entry.changes["title_ky"] == ["Өчүрүлө турган", None]
    assert entry.actor == staff_user


def test_expiry_before_publication_is_refused_and_input_kept(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/ky/office/notices/new/",
        _form(publish_at="2030-05-10T10:00", expire_at="2030-05-01T10:00"),
    )
    assert response.status_code == 400
    assert "expire_at" in response.context["form"].errors
    assert "Айылдык жыйын" in response.content.decode()
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [("tartip.pdf", PDF, "application/pdf"), ("suroot.png", PNG, "image/png")],
)
def test_pdf_and_png_attachments_are_accepted(client, staff_user, name, content, mime):
    client.force_login(staff_user)
    response = client.post(
        "/ky/office/notices/new/", _form(attachments=[SimpleUploadedFile(name, content)])
    )
    assert response.status_code == 302
    attachment = NoticeAttachment.objects.get()
    assert attachment.content_type == mime
    assert attachment.size == len(content)


def test_renamed_executable_is_refused_and_form_keeps_input(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/ky/office/notices/new/",
        _form(attachments=[SimpleUploadedFile("buyruk.pdf", EXE)]),
    )
    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors
    content = response.content.decode()
    assert "Айылдык жыйын" in content and "Сход состоится в воскресенье." in content
    assert not Notice.objects.exists()
    assert not NoticeAttachment.objects.exists()
    with translation.override("ky"):
        message = translation.gettext("This file type is not accepted. Upload %(types)s.")
    assert message != "This file type is not accepted. Upload %(types)s."
    assert message % {"types": "JPG, PDF, PNG"} in content


def test_attachment_over_10_mb_is_refused(client, staff_user, settings):
    assert settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    client.force_login(staff_user)
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = client.post(
        "/ky/office/notices/new/", _form(attachments=[SimpleUploadedFile("chong.pdf", big)])
    )
    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors
    assert not Notice.objects.exists()


def test_edit_removes_and_adds_attachments(client, staff_user):
    notice = NoticeFactory()
    old = NoticeAttachment.objects.create(
        notice=notice,
        file=SimpleUploadedFile("eski.pdf", PDF),
        title="eski.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    client.force_login(staff_user)
    response = client.post(
        f"/ky/office/notices/{notice.pk}/edit/",
        _form(
            publish_at=timezone.localtime(notice.publish_at).strftime("%Y-%m-%dT%H:%M"),
            remove_attachments=[old.pk],
            attachments=[SimpleUploadedFile("jany.png", PNG)],
        ),
    )
    assert response.status_code == 302
    assert list(notice.attachments.values_list("title", flat=True)) == ["jany.png"]
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.changes["attachments"] == ["eski.pdf", "jany.png"]


def test_office_list_shows_every_status(client, staff_user):
    states = _states()
    client.force_login(staff_user)
    response = client.get(reverse("municipality:office-notices"))
    shown = {n.pk for n in response.context["notices"]}
    assert shown == {n.pk for n in states.values()}


def test_search_ignores_the_case_of_cyrillic_letters(client):
    NoticeFactory(title="Сугат суу боюнча жыйын")
    for query in ["сугат", "СУГАТ", "Сугат", "суу"]:
        titles = [n.title for n in client.get(f"/ky/notices/?q={query}").context["notices"]]
        assert titles == ["Сугат суу боюнча жыйын"], query


def test_feed_of_one_category(client):
    NoticeFactory(title="Сынак", category=Notice.Category.CONTEST)
    NoticeFactory(title="Жалпы", category=Notice.Category.GENERAL)
    root = ET.fromstring(client.get("/ky/notices/feed/?category=contest").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.find("a:title", ns).text for e in root.findall("a:entry", ns)] == ["Сынак"]
    assert client.get("/ky/notices/feed/?category=bogus").status_code == 200


def test_office_list_filters_by_status(client, staff_user):
    states = _states()
    client.force_login(staff_user)
    drafts = client.get("/ky/office/notices/?status=draft").context["notices"]
    assert [n.pk for n in drafts] == [states["draft"].pk]
    assert client.get("/ky/office/notices/?status=zzz&page=x").status_code == 200
