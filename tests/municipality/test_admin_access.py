import pytest
from django.contrib.auth.models import Group

from municipality.models import AuditEntry, Municipality, Village
from tests.municipality.factories import UserFactory, VillageFactory

pytestmark = pytest.mark.django_db


def test_administrator_role_reaches_the_admin_and_edits_the_profile(client, municipality):
    administrator = UserFactory(roles=["administrator"])
    assert not administrator.is_staff and not administrator.is_superuser
    client.force_login(administrator)
    assert client.get("/ky/admin/").status_code == 200
    assert client.get("/ky/admin/municipality/village/").status_code == 200
    page = client.get(f"/ky/admin/municipality/municipality/{municipality.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        "/ky/admin/municipality/village/add/",
        {
            "name_ky": "Жаңы-Жол",
            "name_ru": "Жаны-Жол",
            "name_en": "",
            "population": "1200",
            "order": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Village.objects.filter(name="Жаңы-Жол").exists()
    assert Municipality.objects.count() == 1


@pytest.mark.parametrize("roles", [[], ["staff"], ["head"]])
def test_others_cannot_reach_the_admin(client, municipality, roles):
    client.force_login(UserFactory(roles=roles))
    response = client.get("/ky/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_role_change_in_the_admin_is_audited(client, municipality):
    administrator = UserFactory(roles=["administrator"])
    person = UserFactory(username="bakyt", email="bakyt@example.kg", full_name="Бакыт")
    staff_group, _ = Group.objects.get_or_create(name="staff")
    VillageFactory()
    client.force_login(administrator)
    url = f"/ky/admin/municipality/user/{person.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "username": "bakyt",
            "email": "bakyt@example.kg",
            "full_name": "Бакыт",
            "is_active": "on",
            "groups": [staff_group.pk],
            "language": "ky",
            "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
            "user_permissions": [],
            "last_login_0": "",
            "last_login_1": "",
            "phone": "",
            "sex": "",
            "birth_year": "",
            "village": "",
            "first_name": "",
            "last_name": "",
        }
    )
    data = {k: v for k, v in data.items() if v not in ([],)}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.has_role("staff")
    entry = AuditEntry.objects.get(object_id=str(person.pk))
    assert entry.actor == administrator
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes["groups"] == ["", "staff"]
    # And the audit page shows it to administrators.
    assert "staff" in client.get("/ky/office/audit/").content.decode()
