"""The monitoring pages and the protocol PDF speak Kyrgyz only."""

import pytest

from monitoring.models import Protocol, Recommendation
from tests.monitoring.factories import (
    ProtocolFactory,
    RecommendationFactory,
    SubjectFactory,
    group_with_chair,
)
from tests.municipality.test_kyrgyz_pages import _english_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(municipality, kenesh_user):
    group, chair, member = group_with_chair()
    subject = SubjectFactory(group=group)
    group.questions.create(subject_kind=subject.kind, text="Мөөнөт сакталдыбы?")
    draft = ProtocolFactory(subject=subject)
    submitted = ProtocolFactory(subject=subject, status=Protocol.Status.SUBMITTED)
    published = ProtocolFactory(subject=subject, status=Protocol.Status.PUBLISHED)
    recommendation = RecommendationFactory(protocol=published)
    RecommendationFactory(
        protocol=published, status=Recommendation.Status.ANSWERED, response="Жооп"
    )
    return locals()


@pytest.mark.parametrize(
    "who, url",
    [
        ("visitor", "/ky/monitoring/"),
        ("visitor", "/ky/monitoring/groups/{group.pk}/"),
        ("visitor", "/ky/monitoring/protocols/{published.pk}/"),
        ("member", "/ky/monitoring/my/{group.pk}/"),
        ("member", "/ky/monitoring/protocols/{draft.pk}/edit/"),
        ("chair", "/ky/monitoring/my/{group.pk}/"),
        ("chair", "/ky/monitoring/protocols/{submitted.pk}/sign/"),
        ("chair", "/ky/monitoring/my/{group.pk}/checklist/"),
        ("staff", "/ky/monitoring/office/"),
        ("staff", "/ky/monitoring/office/recommendations/{recommendation.pk}/"),
        ("kenesh", "/ky/monitoring/groups/new/"),
        ("kenesh", "/ky/monitoring/groups/{group.pk}/manage/"),
        ("kenesh", "/ky/monitoring/groups/{group.pk}/edit/"),
        ("member", "/ky/monitoring/protocols/{draft.pk}/"),
    ],
)
def test_kyrgyz_monitoring_page_has_no_english_words(
    client, world, staff_user, kenesh_user, who, url
):
    users = {
        "member": world["member"].user,
        "chair": world["chair"].user,
        "staff": staff_user,
        "kenesh": kenesh_user,
    }
    if who in users:
        client.force_login(users[who])
    response = client.get(url.format(**world))
    assert response.status_code == 200
    # Factory login names (user0, user1…) are data, not interface text.
    assert _english_words(response.content.decode()) - {"user"} == set()
