"""Kenesh pages in Kyrgyz show no English words (needs the compiled .mo: run po_fill)."""

import pytest
from django.urls import reverse

from kenesh.models import Session
from tests.kenesh.factories import collecting_initiative, deputies
from tests.municipality.test_kyrgyz_pages import _english_words

pytestmark = pytest.mark.django_db


def test_kenesh_pages_in_kyrgyz(client, municipality, kenesh_user):
    initiative = collecting_initiative(kenesh_user)
    deputies(2)
    session = Session.objects.create(
        convocation=7, number=1, starts_at="2030-01-01T10:00Z", place="Зал"
    )
    client.force_login(kenesh_user)
    for url in [
        reverse("kenesh:index"),
        reverse("kenesh:initiative-list"),
        reverse("kenesh:initiative-detail", args=[initiative.pk]),
        reverse("kenesh:initiative-manage", args=[initiative.pk]),
        reverse("kenesh:petition-list"),
        reverse("kenesh:resolution-list"),
        reverse("kenesh:office"),
        reverse("kenesh:deputies"),
        reverse("kenesh:session-create"),
        reverse("kenesh:session-manage", args=[session.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not _english_words(response.content.decode()), (
            url,
            _english_words(response.content.decode()),
        )
