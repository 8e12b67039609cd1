"""Residents' submissions are rate limited per account and per client address, with the
translated "too many attempts" page (429). Login, sign-up and password reset limits are
tested in tests/municipality/test_security.py; the security headers and
`check --deploy` there too."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.security.conftest import record_figure
from tests.security.world import build_world

PER_ACCOUNT = 3
PER_IP = 5


def _endpoints(world):
    return {
        "initiatives:apply": reverse("initiatives:apply", args=[world.contest.pk]),
        "initiatives:application-edit": reverse(
            "initiatives:application-edit", args=[world.application.pk]
        ),
        "budget:hearing-propose": reverse("budget:hearing-propose", args=[world.hearing.pk]),
        "budget:hearing-register": reverse("budget:hearing-register", args=[world.hearing.pk]),
        "engagement_plan:comment-add": reverse(
            "engagement_plan:comment-add", args=[world.plan.pk]
        ),
        "kenesh:initiative-sign": reverse(
            "kenesh:initiative-sign", args=[world.kenesh_initiative.pk]
        ),
        "kenesh:petition-support": reverse(
            "kenesh:petition-support", args=[world.kenesh_petition.pk]
        ),
        "kenesh:petition-create": reverse("kenesh:petition-create"),
    }


def _client(user, address):
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return client


def _limited(response) -> bool:
    if response.status_code != 429:
        return False
    with translation.override("ky"):
        message = translation.gettext(
            "You have tried too many times in a short while. "
            "Please wait a few minutes and try again."
        )
    assert message in response.content.decode(), "the 429 page must say what happened"
    return True


@pytest.mark.django_db
def test_submissions_are_limited_per_account_and_per_address(settings):
    settings.SUBMISSION_RATE_ACCOUNT = f"{PER_ACCOUNT}/h"
    settings.SUBMISSION_RATE_IP = f"{PER_IP}/h"
    from django.core.cache import cache

    world = build_world()
    checked = []
    for name, url in _endpoints(world).items():
        cache.clear()
        owner = world.users["resident"]
        # Per account: the same person from a new address each time.
        for attempt in range(PER_ACCOUNT):
            response = _client(owner, f"10.1.0.{attempt + 1}").post(url, {})
            assert not _limited(response), (name, attempt)
        assert _limited(_client(owner, "10.1.0.99").post(url, {})), f"{name}: no account limit"
        # Someone else is not affected.
        other = world.users["other_resident"]
        assert not _limited(_client(other, "10.2.0.1").post(url, {})), name

        # Per address: different people behind one address.
        cache.clear()
        from tests.municipality.factories import UserFactory

        for attempt in range(PER_IP):
            response = _client(UserFactory(), "10.3.0.1").post(url, {})
            assert not _limited(response), (name, attempt)
        assert _limited(_client(UserFactory(), "10.3.0.1").post(url, {})), (
            f"{name}: no address limit"
        )
        assert not _limited(_client(UserFactory(), "10.3.0.2").post(url, {})), name
        checked.append(name)
    record_figure(
        "rate limits",
        f"{len(checked)} limited submission endpoints checked (per account and per "
        f"address, 429 with a clear message); login, sign-up and password reset in "
        f"tests/municipality/test_security.py",
    )
