import pytest

pytestmark = pytest.mark.django_db


def test_root_redirects_to_kyrgyz_home(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ky/"


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_roles_exist_after_migrations():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "staff",
        "head",
        "kenesh_secretary",
        "commission_member",
        "monitoring_member",
        "administrator",
    }
