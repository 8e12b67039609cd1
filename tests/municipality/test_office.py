import pytest
from django.utils import timezone

from municipality.models import LocalIssueList
from municipality.services import attention
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db

OFFICE = "/ky/office/"


def test_office_refuses_visitors(client, municipality):
    response = client.get(OFFICE)
    assert response.status_code == 302
    assert response["Location"].startswith("/ky/accounts/login/")


@pytest.mark.parametrize(
    "roles", [[], ["kenesh_secretary"], ["commission_member"], ["monitoring_member"]]
)
def test_office_refuses_residents_and_other_roles(client, municipality, roles):
    client.force_login(UserFactory(roles=roles))
    assert client.get(OFFICE).status_code == 403


@pytest.mark.parametrize("role", ["staff", "head"])
def test_office_shows_cards_to_staff_and_head(client, municipality, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.get(OFFICE)
    assert response.status_code == 200
    text = response.content.decode()
    for url in [
        "/ky/office/notices/",
        "/ky/office/local-issues/",
        "/ky/plan/",
        "/ky/budget/",
        "/ky/initiatives/",
        "/ky/monitoring/",
    ]:
        assert f'href="{url}' in text
    assert "/ky/office/audit/" not in text


def test_office_warns_when_the_local_issue_list_is_old(client, municipality, staff_user):
    client.force_login(staff_user)
    never = client.get(OFFICE).context["attention"]
    assert "/ky/office/local-issues/" in [url for _text, url in never]
    entry = LocalIssueList.objects.create(published_by=staff_user)
    LocalIssueList.objects.filter(pk=entry.pk).update(
        published_at=timezone.now() - timezone.timedelta(days=200)
    )
    items = attention.local_issue_list_attention(staff_user)
    assert len(items) == 1 and "200" in items[0][0]
    assert items[0][1] == "/ky/office/local-issues/"
    LocalIssueList.objects.filter(pk=entry.pk).update(published_at=timezone.now())
    assert attention.local_issue_list_attention(staff_user) == []


def test_attention_registry_takes_other_apps_items_and_survives_errors(
    client, municipality, staff_user, monkeypatch
):
    monkeypatch.setattr(attention, "ATTENTION", dict(attention.ATTENTION))

    def broken(user):
        raise RuntimeError("boom")

    attention.attention_register(name="tests.broken", fn=broken)
    attention.attention_register(
        name="tests.proposals",
        fn=lambda user: [("Сунуштар каралбай жатат: 3", "/ky/budget/office/")],
    )
    client.force_login(staff_user)
    response = client.get(OFFICE)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Сунуштар каралбай жатат: 3" in text
    assert 'href="/ky/budget/office/"' in text


def test_administrator_sees_audit_card_when_also_staff(client, municipality):
    client.force_login(UserFactory(roles=["staff", "administrator"]))
    assert "/ky/office/audit/" in client.get(OFFICE).content.decode()
