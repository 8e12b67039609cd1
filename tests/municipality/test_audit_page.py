import pytest

from municipality.models import AuditEntry, Notice
from municipality.services import audit_record
from tests.municipality.factories import NoticeFactory, UserFactory

pytestmark = pytest.mark.django_db

AUDIT = "/ky/office/audit/"


@pytest.mark.parametrize("roles", [[], ["staff"], ["head"], ["kenesh_secretary"]])
def test_audit_page_only_for_administrators(client, municipality, roles):
    client.force_login(UserFactory(roles=roles))
    assert client.get(AUDIT).status_code == 403


def test_audit_page_refuses_visitors(client, municipality):
    assert client.get(AUDIT).status_code == 302


def _entries(n, actor):
    notice = NoticeFactory()
    for i in range(n):
        audit_record(
            actor=actor,
            obj=notice,
            action=AuditEntry.Action.TRANSITION,
            old=Notice.Status.DRAFT,
            new=Notice.Status.PUBLISHED,
            changes={"title": (f"Эски аталыш {i}", f"Жаңы аталыш {i}")},
        )
    return notice


def test_audit_page_shows_who_when_what_before_after(client, municipality, admin_user_role):
    staff = UserFactory(roles=["staff"], full_name="Кадырова Бактыгүл")
    _entries(1, staff)
    client.force_login(admin_user_role)
    response = client.get(AUDIT)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Кадырова Бактыгүл" in text
    assert "Эски аталыш 0" in text and "Жаңы аталыш 0" in text
    assert " → " in text


def test_superuser_reaches_the_audit_page(client, municipality):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(AUDIT).status_code == 200


@pytest.mark.renders
def test_audit_page_filters(client, municipality, admin_user_role):
    staff = UserFactory(roles=["staff"], username="bakyt")
    head = UserFactory(roles=["head"], username="aigul")
    notice = NoticeFactory()
    audit_record(actor=staff, obj=notice, action=AuditEntry.Action.CREATE)
    audit_record(actor=head, obj=notice, action=AuditEntry.Action.PUBLISH)
    audit_record(
        actor=head,
        obj=staff,
        action=AuditEntry.Action.UPDATE,
        changes={"is_active": (True, False)},
    )
    client.force_login(admin_user_role)

    def rows(**params):
        return [r["entry"] for r in client.get(AUDIT, params).context["rows"]]

    assert len(rows()) == 3
    assert [e.actor for e in rows(user="bakyt")] == [staff]
    assert [e.action for e in rows(action="publish")] == ["publish"]
    notice_type = AuditEntry.objects.filter(action="create").get().content_type_id
    assert {e.content_type_id for e in rows(type=notice_type)} == {notice_type}
    assert len(rows(type=notice_type)) == 2
    # Nonsense filters never give a 500.
    assert client.get(AUDIT, {"type": "abc", "action": "<script>", "page": "x"}).status_code == 200


@pytest.mark.parametrize("n", [5, 60])
@pytest.mark.renders
def test_audit_page_query_count_is_constant(
    client, municipality, admin_user_role, django_assert_num_queries, n
):
    staff = UserFactory(roles=["staff"])
    _entries(n, staff)
    client.force_login(admin_user_role)
    client.get(AUDIT)  # warm the content-type cache
    # session, user with roles (one query, municipality/backends.py), content types (filter),
    # count, page, municipality, and the savepoint pair of ATOMIC_REQUESTS
    with django_assert_num_queries(QUERIES):
        response = client.get(AUDIT)
    assert response.status_code == 200


QUERIES = 8
