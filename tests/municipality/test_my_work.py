"""The start page after log-in ("Менин иштерим"): each role finds what waits for it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipality.models import Subscription
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/ky/my/"


def _page(client, user, language="ky"):
    client.force_login(user)
    response = client.get(f"/{language}/my/")
    assert response.status_code == 200
    return response.content.decode()


def test_visitors_are_sent_to_log_in(client, municipality):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_resident_is_shown_where_to_start(client, resident, municipality):
    page = _page(client, resident)
    assert "/ky/initiatives/" in page and "/ky/subscribe/" in page


def test_resident_follows_applications_proposals_comments_and_subscriptions(
    client, resident, municipality
):
    from tests.budget.factories import ProposalFactory
    from tests.engagement_plan.factories import CommentFactory
    from tests.initiatives.factories import ApplicationFactory

    application = ApplicationFactory(applicant=resident, title="Көпүрө оңдоо")
    proposal = ProposalFactory(author=resident, text="Мектепке жылуулук керек")
    comment = CommentFactory(author=resident, text="Жаштар үчүн спорт аянтча")
    Subscription.objects.create(channel="email", address="aigul@example.kg", user=resident)

    page = _page(client, resident)
    assert "Көпүрө оңдоо" in page and application.get_status_display() in page
    assert "Мектепке жылуулук керек" in page and proposal.get_decision_display() in page
    assert "Жаштар үчүн спорт аянтча" in page and comment.get_answer_display() in page
    assert "aigul@example.kg" in page


def test_monitoring_member_sees_open_protocols(client, municipality):
    from tests.monitoring.factories import GroupMemberFactory, ProtocolFactory

    member = GroupMemberFactory(user=UserFactory(roles=["monitoring_member"]))
    protocol = ProtocolFactory(group=member.group)
    page = _page(client, member.user)
    assert f"/ky/monitoring/protocols/{protocol.pk}/edit/" in page


def test_staff_see_the_office_attention_list_in_russian(client, staff_user, municipality):
    page = _page(client, staff_user, "ru")
    assert "Мои дела" in page
    assert "/ru/office/local-issues/" in page  # the list was never published


@pytest.mark.renders
def test_the_page_costs_the_same_queries_as_a_resident_sends_more(client, resident, municipality):
    from tests.budget.factories import ProposalFactory
    from tests.initiatives.factories import ApplicationFactory

    client.force_login(resident)
    counts = []
    for _round in range(2):
        for _ in range(3 if not counts else 20):
            ApplicationFactory(applicant=resident)
            ProposalFactory(author=resident)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
