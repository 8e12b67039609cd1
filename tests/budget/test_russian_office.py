"""Staff working on the Russian (or English) pages keep the Kyrgyz and Russian texts apart.

The plain field (`address`, `name`, `note`, `label`) is the Kyrgyz text in this project;
modeltranslation would map it to the request's language, so these flows run in /ru/.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from budget import services
from budget.models import BudgetCategory, BudgetLine, BudgetLineLink, Hearing

from .factories import BudgetLineFactory

pytestmark = pytest.mark.django_db


def ru(name, *args):
    with translation.override("ru"):
        return reverse(f"budget:{name}", args=args)


def test_hearing_created_and_edited_on_russian_pages(client, municipality, staff_user):
    client.force_login(staff_user)
    data = {
        "kind": "draft_budget",
        "fiscal_year": "2027",
        "starts_at": "2027-01-10T10:00",
        "address_ky": "Клуб",
        "address_ru": "Клуб (рус.)",
        "agenda_ky": "Бюджеттин долбоору",
        "agenda_ru": "Проект бюджета",
    }
    assert client.post(ru("office-hearing-create"), data).status_code == 302
    hearing = Hearing.objects.get()
    assert (hearing.address_ky, hearing.address_ru) == ("Клуб", "Клуб (рус.)")
    assert (hearing.agenda_ky, hearing.agenda_ru) == ("Бюджеттин долбоору", "Проект бюджета")

    html = client.get(ru("office-hearing-edit", hearing.pk)).content.decode()
    assert 'name="address_ky" value="Клуб"' in html
    data |= {"agenda_ky": "Жаңы күн тартиби", "agenda_ru": "Новая повестка"}
    assert client.post(ru("office-hearing-edit", hearing.pk), data).status_code == 302
    hearing.refresh_from_db()
    assert (hearing.agenda_ky, hearing.agenda_ru) == ("Жаңы күн тартиби", "Новая повестка")


def test_category_line_and_link_on_russian_pages(client, municipality, staff_user):
    client.force_login(staff_user)
    response = client.post(
        ru("office-categories"),
        {
            "kind": "expenditure",
            "code": "2111",
            "name_ky": "Эмгек акы",
            "name_ru": "Заработная плата",
            "order": "0",
        },
    )
    assert response.status_code == 302
    category = BudgetCategory.objects.get(code="2111")
    assert (category.name_ky, category.name_ru) == ("Эмгек акы", "Заработная плата")

    html = client.get(ru("office-category-edit", category.pk)).content.decode()
    assert 'name="name_ky" value="Эмгек акы"' in html
    response = client.post(
        ru("office-category-edit", category.pk),
        {
            "kind": "expenditure",
            "code": "2111",
            "name_ky": "Айлык акы",
            "name_ru": "Зарплата",
            "order": "0",
        },
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name_ky, category.name_ru) == ("Айлык акы", "Зарплата")

    response = client.post(
        ru("office-line-create"),
        {
            "year": "2027",
            "category": category.pk,
            "planned": "1000",
            "note_ky": "Эскертүү",
            "note_ru": "Примечание",
        },
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.note_ky, line.note_ru) == ("Эскертүү", "Примечание")
    response = client.post(
        ru("office-line-edit", line.pk),
        {
            "year": "2027",
            "category": category.pk,
            "planned": "1000",
            "note_ky": "Жаңы эскертүү",
            "note_ru": "Новое примечание",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.note_ky, line.note_ru) == ("Жаңы эскертүү", "Новое примечание")

    response = client.post(
        ru("office-line-links", line.pk),
        {"label": "Мектептин чатыры", "label_ru": "Крыша школы", "url": "/ky/initiatives/"},
    )
    assert response.status_code == 302
    link = BudgetLineLink.objects.get()
    assert (link.label_ky, link.label_ru) == ("Мектептин чатыры", "Крыша школы")


def test_import_on_russian_page_names_new_categories_in_kyrgyz(client, municipality, staff_user):
    client.force_login(staff_user)
    upload = SimpleUploadedFile(
        "b.csv", "year,kind,code,category,planned,actual\n2026,revenue,1,Салыктар,3,\n".encode()
    )
    response = client.post(ru("office-import"), {"file": upload, "encoding": "auto"})
    assert response.status_code == 302
    category = BudgetCategory.objects.get(code="1")
    assert category.name_ky == "Салыктар" and not category.name_ru


@pytest.mark.parametrize("language", ["ru", "en"])
def test_services_take_plain_names_as_kyrgyz(municipality, staff_user, language):
    line = BudgetLineFactory()
    with translation.override(language):
        category = services.budget_category_save(
            actor=staff_user,
            data={
                "kind": "revenue",
                "code": "9",
                "name": "Кирешелер",
                "name_ru": "Доходы",
                "order": 0,
            },
        )
        services.budget_line_save(
            actor=staff_user, line=line, data={"note": "Эскертүү", "note_ru": "Примечание"}
        )
        link = services.budget_line_link_add(
            actor=staff_user, line=line, label="Көпүрө", label_ru="Мост", url=""
        )
    category.refresh_from_db()
    line.refresh_from_db()
    link.refresh_from_db()
    assert (category.name_ky, category.name_ru, category.name_en) == ("Кирешелер", "Доходы", None)
    assert (line.note_ky, line.note_ru) == ("Эскертүү", "Примечание")
    assert (link.label_ky, link.label_ru) == ("Көпүрө", "Мост")


def test_hearing_service_in_english_keeps_kyrgyz(municipality, staff_user):
    with translation.override("en"):
        hearing = services.hearing_create(
            actor=staff_user,
            data={
                "kind": "draft_budget",
                "fiscal_year": 2027,
                "starts_at": "2027-01-10T10:00+06:00",
                "address": "Клуб",
                "agenda": "Бюджет",
                "agenda_ru": "Бюджет (рус.)",
            },
        )
        services.hearing_update(hearing=hearing, actor=staff_user, data={"address": "Мектеп"})
    hearing.refresh_from_db()
    assert (hearing.address_ky, hearing.agenda_ky, hearing.agenda_ru) == (
        "Мектеп",
        "Бюджет",
        "Бюджет (рус.)",
    )
    assert not hearing.address_en and not hearing.agenda_en


@pytest.mark.parametrize("path", ["budgetcategory/add/", "budgetline/add/", "hearing/add/"])
def test_admin_edits_each_language_column(client, municipality, path):
    from tests.municipality.factories import UserFactory

    client.force_login(UserFactory(roles=["administrator"]))
    html = client.get(f"/ru/admin/budget/{path}").content.decode()
    field = {"budgetcategory/add/": "name", "budgetline/add/": "note", "hearing/add/": "agenda"}[
        path
    ]
    assert f'name="{field}_ky"' in html and f'name="{field}_ru"' in html
    assert f'name="{field}"' not in html


def test_admin_category_added_in_russian_keeps_kyrgyz(client, municipality):
    from tests.municipality.factories import UserFactory

    client.force_login(UserFactory(roles=["administrator"]))
    response = client.post(
        "/ru/admin/budget/budgetcategory/add/",
        {
            "kind": "revenue",
            "code": "77",
            "name_ky": "Салыктар",
            "name_ru": "Налоги",
            "name_en": "",
            "order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    category = BudgetCategory.objects.get(code="77")
    assert (category.name_ky, category.name_ru) == ("Салыктар", "Налоги")
