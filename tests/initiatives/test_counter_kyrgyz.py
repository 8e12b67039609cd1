"""The counter's new pages speak Kyrgyz (needs the compiled .mo: tools/po_fill.py)."""

from django.urls import reverse

from initiatives.models import Contest
from tests.initiatives.factories import ContestFactory
from tests.municipality.factories import NoticeFactory
from tests.municipality.test_kyrgyz_pages import _english_words


def test_new_office_pages_have_no_english_words(client, evaluation_contest, staff_user, head_user):
    contest, members, apps = evaluation_contest
    accepting = ContestFactory(status=Contest.Status.ACCEPTING)
    notice = NoticeFactory(status="draft")
    client.force_login(staff_user)
    urls = [
        reverse("initiatives:office-paper", args=[accepting.pk]),
        reverse("initiatives:office-paper-sheet", args=[apps[0].pk]),
        reverse("municipality:office-notice-publish", args=[notice.pk]),
        reverse("municipality:account"),
        reverse("municipality:account-delete"),
    ]
    data = {"example", "kg", "user"}  # the staff account's own e-mail and username
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not _english_words(response.content.decode()) - data, url
