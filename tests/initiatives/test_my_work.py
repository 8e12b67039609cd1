"""The start page of a commission member and of the head during a contest's evaluation."""

import pytest

pytestmark = pytest.mark.django_db


def _page(client, user):
    client.force_login(user)
    response = client.get("/ky/my/")
    assert response.status_code == 200
    return response.content.decode()


def test_commission_member_sees_what_is_left_to_score(client, evaluation_contest):
    contest, members, _apps = evaluation_contest
    page = _page(client, members[0].user)
    assert contest.title in page
    assert f"/ky/initiatives/commission/{contest.pk}/" in page


def test_head_sees_what_awaits_the_order(client, evaluation_contest, head_user):
    contest, _members, _apps = evaluation_contest
    page = _page(client, head_user)
    assert f"/ky/initiatives/office/{contest.pk}/" in page
