"""Standing commissions kept by the kenesh secretary: services, office pages, public page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kenesh import services
from kenesh.models import Commission
from municipality.models import AuditEntry
from tests.kenesh.factories import deputies

pytestmark = pytest.mark.django_db


def test_secretary_forms_a_commission_with_members_and_chair(municipality, kenesh_user):
    team = deputies(3)
    commission = services.commission_create(
        actor=kenesh_user,
        name_ky="Бюджет боюнча комиссия",
        name_ru="Комиссия по бюджету",
        members=team[:2],
        chair=team[0],
    )
    assert set(commission.members.all()) == set(team[:2]) and commission.chair == team[0]
    assert commission.name_ru == "Комиссия по бюджету"
    entry = AuditEntry.objects.get(object_id=str(commission.pk), action=AuditEntry.Action.CREATE)
    assert "Депутат 0" in entry.changes["chair"][1]


def test_the_chair_must_be_a_member(municipality, kenesh_user):
    team = deputies(3)
    with pytest.raises(ValidationError, match="members|мүчөлөрүнүн"):
        services.commission_create(
            actor=kenesh_user, name_ky="Комиссия", members=team[:1], chair=team[2]
        )
    assert not Commission.objects.exists()


@pytest.mark.parametrize("role", ["resident", "staff_user", "head_user"])
def test_only_the_secretary_keeps_commissions(municipality, request, role):
    with pytest.raises(PermissionDenied):
        services.commission_create(actor=request.getfixturevalue(role), name_ky="Комиссия")


def test_update_changes_members_and_chair_and_audits_the_difference(municipality, kenesh_user):
    team = deputies(3)
    commission = services.commission_create(
        actor=kenesh_user, name_ky="Комиссия", members=team[:2], chair=team[0]
    )
    services.commission_update(
        actor=kenesh_user,
        commission=commission,
        name_ky="Социалдык комиссия",
        members=team[1:],
        chair=team[2],
    )
    commission.refresh_from_db()
    assert commission.name_ky == "Социалдык комиссия" and commission.chair == team[2]
    assert set(commission.members.all()) == set(team[1:])
    entry = AuditEntry.objects.filter(
        object_id=str(commission.pk), action=AuditEntry.Action.UPDATE
    ).get()
    assert entry.changes["chair"] == ["Депутат 0", "Депутат 2"]
    assert set(entry.changes) == {"name_ky", "chair", "members"}


def test_office_pages_create_and_edit_and_the_public_page_shows_them(
    client, municipality, kenesh_user
):
    team = deputies(2)
    client.force_login(kenesh_user)
    response = client.post(
        reverse("kenesh:commissions"),
        {"name_ky": "Мандат комиссиясы", "members": [team[0].pk, team[1].pk], "chair": team[1].pk},
    )
    assert response.status_code == 302
    commission = Commission.objects.get()
    edit = reverse("kenesh:commission-edit", args=[commission.pk])
    assert edit in client.get(reverse("kenesh:commissions")).content.decode()
    response = client.post(
        edit, {"name_ky": "Мандат комиссиясы", "members": [team[0].pk], "chair": team[1].pk}
    )
    assert response.status_code == 200 and response.context["form"].errors["chair"]
    assert Commission.objects.get().chair == team[1]
    client.logout()
    page = client.get(reverse("kenesh:index")).content.decode()
    assert "Мандат комиссиясы" in page and "Депутат 1" in page
