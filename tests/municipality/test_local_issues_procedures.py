"""Issue 14, local issues: the built-in list's real source, the overdue list on the public page."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from municipality.models import LocalIssueList, LocalIssueReference
from tests.municipality.factories import LocalIssueFactory

pytestmark = pytest.mark.django_db


def test_built_in_list_is_labelled_by_its_real_source():
    for item in LocalIssueReference.objects.all():
        assert "№ 101" in item.legal_basis_ky and "2011" in item.legal_basis_ky
        assert "№ 101" in item.legal_basis_ru and "25" in item.legal_basis_ru


def _published(days_ago):
    publication = LocalIssueList.objects.create()
    LocalIssueList.objects.filter(pk=publication.pk).update(
        published_at=timezone.now() - timedelta(days=days_ago)
    )


@pytest.mark.parametrize(
    ("days_ago", "overdue"),
    [(settings.LOCAL_ISSUES_MAX_AGE_DAYS, False), (settings.LOCAL_ISSUES_MAX_AGE_DAYS + 1, True)],
)
def test_public_page_says_when_the_list_is_overdue(client, municipality, days_ago, overdue):
    LocalIssueFactory(reference=LocalIssueReference.objects.first())
    _published(days_ago)
    page = client.get(reverse("municipality:local-issues")).content.decode()
    assert ("local-issues-overdue" in page) is overdue
    if overdue:
        assert "мөөнөтү өттү" in page
    assert "№ 101" in page
