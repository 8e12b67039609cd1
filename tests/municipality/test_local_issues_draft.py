"""Issue 14, local issues: a draft until published, a notice and a poster, a new legal list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from municipality.models import LegalListVersion, LocalIssue, LocalIssueReference, Notice
from tests.municipality.documents_helpers import pdf_text
from tests.municipality.factories import LocalIssueFactory

pytestmark = pytest.mark.django_db

OFFICE = "/{}/office/local-issues/"
LEGAL = "/{}/office/local-issues/legal-list/"


def _publish(client, note=""):
    response = client.post(OFFICE.format("ky"), {"note": note})
    assert response.status_code == 302
    return response


def _edit(client, issue, **fields):
    data = {
        "reference": issue.reference_id or "",
        "title_ky": issue.title_ky,
        "title_ru": issue.title_ru,
        "description_ky": issue.description_ky or "",
        "description_ru": issue.description_ru or "",
        "priority": issue.priority,
        **fields,
    }
    response = client.post(f"/ky/office/local-issues/{issue.pk}/edit/", data)
    assert response.status_code == 302


def test_edits_are_a_draft_until_the_list_is_published(client, staff_user):
    water = LocalIssueFactory(title="Ичүүчү суу", title_ru="Питьевая вода", reference=None)
    roads = LocalIssueFactory(title="Жолдор", title_ru="Дороги", reference=None)
    client.force_login(staff_user)
    _publish(client)
    _edit(client, water, title_ky="Таза суу", title_ru="Чистая вода")
    client.post(f"/ky/office/local-issues/{roads.pk}/remove/")
    LocalIssueFactory(title="Көчө жарыгы", title_ru="Уличное освещение", reference=None)

    public_ky = client.get("/ky/local-issues/").content.decode()
    public_ru = client.get("/ru/local-issues/").content.decode()
    assert "Ичүүчү суу" in public_ky and "Жолдор" in public_ky
    assert "Таза суу" not in public_ky and "Көчө жарыгы" not in public_ky
    assert "Питьевая вода" in public_ru and "Чистая вода" not in public_ru

    office = client.get(OFFICE.format("ky")).content.decode()
    assert "local-issues-draft" in office
    assert "draft-added" in office and "draft-changed" in office
    assert "draft-removed" in office and "<s>Жолдор</s>" in office
    assert "жарыялана элек" in office  # Kyrgyz message
    office_ru = client.get(OFFICE.format("ru")).content.decode()
    assert "неопубликованные изменения" in office_ru

    _publish(client)
    public_ky = client.get("/ky/local-issues/").content.decode()
    assert "Таза суу" in public_ky and "Көчө жарыгы" in public_ky
    assert "Жолдор" not in public_ky and "Ичүүчү суу" not in public_ky
    assert "local-issues-draft" not in client.get(OFFICE.format("ky")).content.decode()


def test_home_page_shows_the_published_list_only(client, staff_user):
    issue = LocalIssueFactory(title="Ичүүчү суу", reference=None)
    client.force_login(staff_user)
    _publish(client)
    _edit(client, issue, title_ky="Таза суу")
    home = client.get("/ky/").content.decode()
    assert "Ичүүчү суу" in home and "Таза суу" not in home


def test_publishing_posts_a_notice_and_offers_a_poster(client, staff_user, municipality):
    LocalIssueFactory(title="Ичүүчү суу", title_ru="Питьевая вода", reference=None)
    LocalIssueFactory(title="Мектепке жол", title_ru="Дорога к школе", reference=None)
    client.force_login(staff_user)
    response = _publish(client, note="Айылдык жыйында каралды.")
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.PUBLISHED
    assert notice.title_ky == "Жергиликтүү маанидеги маселелердин тизмеси жаңыланды"
    assert notice.title_ru == "Список вопросов местного значения обновлён"
    assert "1. Ичүүчү суу" in notice.body_ky and "2. Мектепке жол" in notice.body_ky
    assert "Айылдык жыйында каралды." in notice.body_ky
    assert "1. Питьевая вода" in notice.body_ru and "/local-issues/" in notice.body_ru
    office = client.get(response["Location"]).content.decode()
    assert "Тизме жарыяланды" in office
    poster_ky = f"/ky/notices/{notice.pk}/poster.pdf"
    poster_ru = f"/ru/notices/{notice.pk}/poster.pdf"
    assert poster_ky in office and poster_ru in office

    client.logout()
    text_ky = " ".join(pdf_text(b"".join(client.get(poster_ky).streaming_content)).split())
    text_ru = " ".join(pdf_text(b"".join(client.get(poster_ru).streaming_content)).split())
    assert "Ичүүчү суу" in text_ky and "Мектепке жол" in text_ky
    assert "тизмеси жаңыланды" in text_ky
    assert "Питьевая вода" in text_ru and "Дорога к школе" in text_ru
    assert "обновлён" in text_ru


def _law_2021_file(drop=22, rename=(4, "Калкты таза ичүүчү суу менен камсыз кылуу")) -> bytes:
    """The 22 items in force, one renamed and one dropped, three new: a 24-item file."""
    lines = ["№;Кыргызча;Орусча"]
    number = 0
    for reference in LocalIssueReference.objects.filter(is_active=True).order_by("number"):
        if reference.number == drop:
            continue
        number += 1
        title = rename[1] if reference.number == rename[0] else reference.title_ky
        lines.append(f"{number};{title};{reference.title_ru}")
    for extra in ("Жаштар саясаты", "Санариптик кызматтар", "Жайыттарды башкаруу"):
        number += 1
        lines.append(f"{number};{extra};Новый вопрос {number}")
    return "\n".join(lines).encode()


def _office_home(client, user) -> str:
    client.force_login(user)
    return client.get("/ky/office/").content.decode()


def _upload(client, data, name="law-123.csv", language="ky"):
    return client.post(
        LEGAL.format(language),
        {
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
            "source": "2021-жылдын 20-октябрындагы № 123 Мыйзамы, 27-берене",
            "source_ru": "Закон № 123 от 20 октября 2021 года, ст. 27",
        },
    )


def test_administrator_loads_a_new_legal_list_and_descriptions_carry_over(
    client, admin_user_role, staff_user
):
    water_item = LocalIssueReference.objects.get(number=4)
    dropped_item = LocalIssueReference.objects.get(number=22)
    water = LocalIssueFactory(
        reference=water_item,
        title=water_item.title_ky,
        title_ru=water_item.title_ru,
        description="Түндүк айылда суу жетишпейт.",
    )
    LocalIssueFactory(reference=dropped_item, title="Өз аталышыбыз", description="Биздин сөз.")
    client.force_login(admin_user_role)
    response = _upload(client, _law_2021_file())
    assert response.status_code == 302
    version = LegalListVersion.objects.get()
    assert response["Location"].endswith(f"/office/local-issues/legal-list/{version.pk}/")
    assert LocalIssueReference.objects.get(number=4).title_ky == water_item.title_ky  # not yet

    page = client.get(response["Location"]).content.decode()
    assert page.count('class="diff-added"') == 3
    assert page.count('class="diff-removed"') == 1
    assert page.count('class="diff-renamed"') == 1
    assert "Калкты таза ичүүчү суу менен камсыз кылуу" in page
    assert "сүрөттөмөңүз менен калат" in page  # the entry on the renamed item
    assert "мыйзамдагы тизмеде жок" in page  # the entry on the removed item
    page_ru = client.get(response["Location"].replace("/ky/", "/ru/")).content.decode()
    assert "Переименован" in page_ru and "Исключён" in page_ru

    response = client.post(response["Location"])
    assert response.status_code == 302
    in_force = LocalIssueReference.objects.filter(is_active=True)
    assert in_force.count() == 24
    assert list(in_force.order_by("number").values_list("number", flat=True)) == list(range(1, 25))
    water_item.refresh_from_db()
    assert water_item.is_active and water_item.title_ky.startswith("Калкты таза")
    assert "№ 123" in water_item.legal_basis_ky and "№ 123" in water_item.legal_basis_ru
    water.refresh_from_db()
    assert water.reference_id == water_item.pk
    assert water.description_ky == "Түндүк айылда суу жетишпейт."  # carried over
    assert water.title_ky == water_item.title_ky  # followed the law's new wording
    dropped_item.refresh_from_db()
    assert not dropped_item.is_active
    assert LocalIssue.objects.get(reference=dropped_item).description_ky == "Биздин сөз."
    assert "Мыйзамдагы жаңы тизме күчүнө кирди" in client.get(LEGAL.format("ky")).content.decode()
    assert client.post(f"/ky/office/local-issues/legal-list/{version.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("data", "ky", "ru"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "UTF-8 коддогу текст", "текстовым файлом в UTF-8"),
        (b"1;" + b"a" * 70_000, "Файл өтө чоң", "Файл слишком большой"),
        ("1;Суу\n1;Жол".encode(), "өз номери", "свой номер"),
        ("1;Суу\nжөн эле текст".encode(), "2-сап", "Строка 2"),
    ],
)
def test_legal_list_file_is_checked_by_content_and_size(client, admin_user_role, data, ky, ru):
    client.force_login(admin_user_role)
    for language, message in (("ky", ky), ("ru", ru)):
        response = _upload(client, data, name="list.txt", language=language)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not LegalListVersion.objects.exists()


def test_office_home_leads_the_administrator_to_the_legal_list(client):
    from tests.municipality.factories import UserFactory

    # The office home is the staff's page; an administrator who is also staff sees the card.
    both = UserFactory(roles=["staff", "administrator"])
    assert LEGAL.format("ky") in _office_home(client, both)


def test_only_an_administrator_loads_the_legal_list(client, staff_user):
    assert LEGAL.format("ky") not in _office_home(client, staff_user)
    client.force_login(staff_user)
    assert client.get(LEGAL.format("ky")).status_code == 403
    assert _upload(client, _law_2021_file()).status_code == 403
    assert not LegalListVersion.objects.exists()


def test_migration_freezes_the_latest_publication(client):
    import importlib

    from django.apps import apps

    from municipality.models import LocalIssueList

    migration = importlib.import_module(
        "municipality.migrations.0014_local_issues_draft_and_legal_versions"
    )
    issue = LocalIssueFactory(title="Ичүүчү суу", title_ru="Питьевая вода", reference=None)
    older = LocalIssueList.objects.create()
    latest = LocalIssueList.objects.create()
    migration.freeze_latest(apps, None)
    latest.refresh_from_db()
    older.refresh_from_db()
    assert [item["title_ky"] for item in latest.items] == ["Ичүүчү суу"]
    assert older.items is None
    LocalIssue.objects.filter(pk=issue.pk).update(title_ky="Таза суу", title="Таза суу")
    assert "Ичүүчү суу" in client.get("/ky/local-issues/").content.decode()
