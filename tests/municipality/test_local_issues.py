"""The legal reference list, the municipality's list of local issues and its age."""

from datetime import timedelta

import pytest
from django.utils import timezone

from municipality.models import AuditEntry, LocalIssue, LocalIssueList, LocalIssueReference
from municipality.selectors.local_issues import (
    local_issues_is_stale,
    local_issues_list_age,
    local_issues_published_at,
)
from tests.municipality.factories import LocalIssueFactory

pytestmark = pytest.mark.django_db


def test_migration_loads_the_22_legal_items_in_kyrgyz_and_russian():
    items = LocalIssueReference.objects.order_by("number")
    assert list(items.values_list("number", flat=True)) == list(range(1, 23))
    for item in items:
        assert item.title_ky and item.title_ru and item.title_ky != item.title_ru
        assert item.title == item.title_ky  # the plain column carries the Kyrgyz text too
        assert "27" in item.legal_basis_ky and "27" in item.legal_basis_ru
    water = items.get(number=4)
    assert water.title_ky == "Калкты ичүүчү суу менен жабдуу"
    assert water.title_ru == "Обеспечение населения питьевой водой"


def _publish(days_ago=0, **kwargs):
    publication = LocalIssueList.objects.create(**kwargs)
    if days_ago:
        LocalIssueList.objects.filter(pk=publication.pk).update(
            published_at=timezone.now() - timedelta(days=days_ago)
        )
    return publication


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_public_page_before_publication_shows_no_list(client, language):
    LocalIssueFactory(title="Көчө жарыгы", title_ru="Уличное освещение")
    response = client.get(f"/{language}/local-issues/")
    assert response.status_code == 200
    assert "Көчө жарыгы" not in response.content.decode()
    assert "Уличное освещение" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title", "description"),
    [
        ("ky", "Ичүүчү суу", "Түндүк айылда суу жетишпейт."),
        ("ru", "Питьевая вода", "В северном селе не хватает воды."),
    ],
)
def test_public_page_shows_active_entries_and_date(client, language, title, description):
    reference = LocalIssueReference.objects.get(number=4)
    LocalIssueFactory(
        reference=reference,
        title="Ичүүчү суу",
        title_ru="Питьевая вода",
        description="Түндүк айылда суу жетишпейт.",
        description_ru="В северном селе не хватает воды.",
        priority=1,
    )
    LocalIssueFactory(title="Алынган маселе", title_ru="Снятый вопрос", is_active=False)
    _publish(days_ago=3)
    content = client.get(f"/{language}/local-issues/").content.decode()
    assert title in content and description in content
    assert "Алынган маселе" not in content and "Снятый вопрос" not in content
    expected = timezone.localtime(timezone.now() - timedelta(days=3)).strftime("%d.%m.%Y")
    assert expected in content


def test_age_selectors():
    assert local_issues_published_at() is None
    assert local_issues_list_age() is None
    assert local_issues_is_stale()
    _publish(days_ago=10)
    assert local_issues_list_age() == 10
    assert not local_issues_is_stale()
    today = timezone.localdate() + timedelta(days=200)
    assert local_issues_list_age(today) == 210
    assert local_issues_is_stale(today)


OFFICE_URLS = [
    "/ky/office/local-issues/",
    "/ky/office/local-issues/new/",
    "/ky/office/local-issues/{pk}/edit/",
]


@pytest.mark.parametrize("url", OFFICE_URLS)
def test_office_pages_send_visitors_to_login(client, url):
    issue = LocalIssueFactory()
    response = client.get(url.format(pk=issue.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", OFFICE_URLS)
def test_office_pages_refuse_residents(client, resident, url):
    issue = LocalIssueFactory()
    client.force_login(resident)
    assert client.get(url.format(pk=issue.pk)).status_code == 403


def test_resident_cannot_remove_or_publish(client, resident):
    issue = LocalIssueFactory()
    client.force_login(resident)
    assert client.post(f"/ky/office/local-issues/{issue.pk}/remove/").status_code == 403
    assert client.post("/ky/office/local-issues/", {"note": ""}).status_code == 403
    issue.refresh_from_db()
    assert issue.is_active
    assert not LocalIssueList.objects.exists()


def test_staff_add_from_legal_list_takes_its_wording(client, staff_user):
    client.force_login(staff_user)
    reference = LocalIssueReference.objects.get(number=11)
    response = client.post(
        "/ky/office/local-issues/new/",
        {
            "reference": reference.pk,
            "priority": 2,
            "description_ky": "Таштанды полигону жок.",
            "description_ru": "Нет полигона для мусора.",
        },
    )
    assert response.status_code == 302
    issue = LocalIssue.objects.get()
    assert issue.title_ky == reference.title_ky
    assert issue.title_ru == reference.title_ru
    assert issue.priority == 2
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE)
    assert entry.actor == staff_user


def test_other_issue_needs_a_title_and_keeps_input(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/ky/office/local-issues/new/",
        {"reference": "", "priority": 3, "description_ky": "Сугат суу жетишпейт."},
    )
    assert response.status_code == 400
    assert "title_ky" in response.context["form"].errors
    assert "Сугат суу жетишпейт." in response.content.decode()
    assert not LocalIssue.objects.exists()
    response = client.post(
        "/ky/office/local-issues/new/",
        {"reference": "", "title_ky": "Сугат суу", "title_ru": "Поливная вода", "priority": 1},
    )
    assert response.status_code == 302
    assert LocalIssue.objects.get().reference is None


def test_bad_priority_is_refused(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/ky/office/local-issues/new/", {"title_ky": "Жолдор", "priority": "99"}
    )
    assert response.status_code == 400
    assert "priority" in response.context["form"].errors


def test_edit_is_audited_before_and_after(client, staff_user):
    issue = LocalIssueFactory(title="Жолдор", title_ru="Дороги", priority=3)
    client.force_login(staff_user)
    response = client.post(
        f"/ky/office/local-issues/{issue.pk}/edit/",
        {
            "reference": issue.reference_id,
            "title_ky": "Жолдор",
            "title_ru": "Дороги",
            "priority": 1,
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert entry.changes == {"priority": [3, 1]}


def test_remove_takes_the_entry_off_and_is_audited(client, staff_user):
    issue = LocalIssueFactory()
    client.force_login(staff_user)
    client.post(f"/ky/office/local-issues/{issue.pk}/remove/")
    issue.refresh_from_db()
    assert not issue.is_active
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).count() == 1
    assert client.get(f"/ky/office/local-issues/{issue.pk}/edit/").status_code == 404


def test_publish_the_list(client, staff_user):
    LocalIssueFactory()
    client.force_login(staff_user)
    response = client.post("/ky/office/local-issues/", {"note": "Жыйында каралды."})
    assert response.status_code == 302
    publication = LocalIssueList.objects.get()
    assert publication.published_by == staff_user
    # One PUBLISH row for the list; the notice that announces it (issue 14) has its own.
    assert (
        AuditEntry.objects.filter(action=AuditEntry.Action.PUBLISH, object_id=str(publication.pk))
        .exclude(object_repr=publication.notice.title)
        .count()
        == 1
    )


def test_empty_list_cannot_be_published(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/ky/office/local-issues/", {"note": ""})
    assert response.status_code == 400
    assert not LocalIssueList.objects.exists()


def test_office_page_warns_when_the_list_is_older_than_six_months(client, staff_user, settings):
    assert settings.LOCAL_ISSUES_MAX_AGE_DAYS >= 180
    LocalIssueFactory()
    _publish(days_ago=settings.LOCAL_ISSUES_MAX_AGE_DAYS + 5)
    client.force_login(staff_user)
    response = client.get("/ky/office/local-issues/")
    assert response.context["is_stale"]
    assert response.context["age"] == settings.LOCAL_ISSUES_MAX_AGE_DAYS + 5
    assert "local-issues-stale" in response.content.decode()


def test_office_page_has_no_warning_for_a_fresh_list(client, staff_user):
    LocalIssueFactory()
    _publish(days_ago=20)
    client.force_login(staff_user)
    response = client.get("/ky/office/local-issues/")
    assert not response.context["is_stale"]
    assert "local-issues-stale" not in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"reference": "abc", "priority": "1", "title_ky": "Жол"},
        {"reference": "999999999999999999999", "priority": "1"},
        {"priority": "not-a-number", "title_ky": "Жол"},
        {"title_ky": "Ж" * 5000, "priority": "1"},
        {"title_ky": "Жол\x00", "priority": "1"},
    ],
)
def test_bad_office_input_is_a_form_error_not_a_crash(client, staff_user, data):
    client.force_login(staff_user)
    response = client.post("/ky/office/local-issues/new/", data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not LocalIssue.objects.exists()


@pytest.mark.parametrize(
    "path", ["/ky/office/local-issues/abc/edit/", "/ky/office/local-issues/999999/edit/"]
)
def test_bad_office_ids_are_404(client, staff_user, path):
    client.force_login(staff_user)
    assert client.get(path).status_code == 404


def test_office_page_shows_the_due_date_and_history(client, staff_user, settings):
    LocalIssueFactory()
    _publish(days_ago=30, note="Биринчи жыйын")
    client.force_login(staff_user)
    response = client.get("/ky/office/local-issues/")
    published = timezone.localdate() - timedelta(days=30)
    due = published + timedelta(days=settings.LOCAL_ISSUES_MAX_AGE_DAYS)
    assert response.context["due_date"] == due
    content = response.content.decode()
    assert due.strftime("%d.%m.%Y") in content
    assert "Биринчи жыйын" in content


def test_data_migration_is_reversible_and_keeps_items_in_use():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("municipality.migrations.0004_local_issue_reference_list")
    used = LocalIssueReference.objects.get(number=4)
    LocalIssueFactory(reference=used)
    migration.unload_reference_list(apps, None)
    assert list(LocalIssueReference.objects.values_list("number", flat=True)) == [4]
    migration.load_reference_list(apps, None)
    migration.load_reference_list(apps, None)  # a second run changes nothing
    assert LocalIssueReference.objects.count() == 22
