"""No input makes a monitoring page fail with a server error."""

import pytest
from django.urls import reverse

from tests.monitoring.factories import ProtocolFactory, SubjectFactory, group_with_chair

pytestmark = pytest.mark.django_db

GARBAGE = ["abc", "-1", "99999999999999999999", "", "1.5", "<script>", "٣"]


@pytest.mark.parametrize("value", GARBAGE)
def test_protocol_form_survives_garbage(client, municipality, value):
    group, chair, member = group_with_chair()
    protocol = ProtocolFactory(subject=SubjectFactory(group=group))
    question = group.questions.create(subject_kind=protocol.subject.kind, text="С?")
    client.force_login(member.user)
    response = client.post(
        reverse("monitoring:protocol-edit", args=[protocol.pk]),
        {
            "visit_date": value,
            "village": value,
            "members_present": [value],
            "remove_photos": [value],
            f"q{question.pk}": value,
            f"note{question.pk}": value,
            "findings": value,
            "rec-TOTAL_FORMS": value,
            "rec-INITIAL_FORMS": value,
            "rec-0-id": value,
            "rec-0-text": value,
            "rec-0-due_date": value,
            "submit": "1",
        },
    )
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("value", GARBAGE)
def test_secretary_and_chair_forms_survive_garbage(client, municipality, kenesh_user, value):
    group, chair, _ = group_with_chair()
    client.force_login(kenesh_user)
    manage = reverse("monitoring:group-manage", args=[group.pk])
    assert client.post(manage, {"remove_member": value}).status_code in (200, 302, 404)
    assert (
        client.post(
            manage,
            {
                "add_member": "1",
                "member-user": value,
                "member-village": value,
                "member-sex": value,
                "member-category": value,
            },
        ).status_code
        == 200
    )
    assert (
        client.post(
            manage,
            {
                "add_subject": "1",
                "subject-kind": value,
                "subject-target": f"plan:{value}",
                "subject-planned_visits": value,
            },
        ).status_code
        == 200
    )
    assert (
        client.post(
            reverse("monitoring:group-create"), {"resolution_date": value, "period_start": value}
        ).status_code
        == 200
    )
    client.force_login(chair.user)
    questions = reverse("monitoring:questions", args=[group.pk])
    assert client.post(
        questions, {"question": value, "subject_kind": value, "text": value}
    ).status_code in (200, 302, 404)
    assert (
        client.post(
            reverse("monitoring:report-issue", args=[group.pk]), {"period_start": value}
        ).status_code
        == 302
    )
    assert client.get(reverse("monitoring:office") + f"?status={value}").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "protocols/{n}/",
        "groups/{n}/",
        "protocols/{n}/edit/",
        "protocols/{n}/sign/",
        "my/{n}/",
        "office/recommendations/{n}/",
    ],
)
def test_huge_ids_in_addresses_give_404(client, municipality, staff_user, path):
    client.force_login(staff_user)
    response = client.get("/ky/monitoring/" + path.format(n=99999999999999999999))
    assert response.status_code in (403, 404)


def test_sign_form_survives_garbage(client, municipality):
    from monitoring.models import Protocol

    group, chair, member = group_with_chair()
    protocol = ProtocolFactory(
        subject=SubjectFactory(group=group), status=Protocol.Status.SUBMITTED
    )
    client.force_login(chair.user)
    url = reverse("monitoring:protocol-sign", args=[protocol.pk])
    assert (
        client.post(url, {"confirmed": ["x", "99999999999999999999"], "sign": "1"}).status_code
        == 200
    )
    assert client.post(url, {"return": "1", "reason": ""}).status_code == 200
