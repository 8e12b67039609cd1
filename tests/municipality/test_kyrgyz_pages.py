"""A Kyrgyz page shows no English words (file-type names aside)."""

import re
from html.parser import HTMLParser

import pytest

from municipality.models import LocalIssueList
from tests.municipality.factories import LocalIssueFactory, NoticeFactory

pytestmark = pytest.mark.django_db

# "English": the language switch names each language in that language.
ALLOWED = {"PDF", "JPEG", "PNG", "Atom", "SMS", "English"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _english_words(html: str) -> set[str]:
    parser = _VisibleText()
    parser.feed(html)
    return set(re.findall(r"[A-Za-z]{2,}", " ".join(parser.parts))) - ALLOWED


@pytest.mark.parametrize(
    "url",
    [
        "/ky/",
        "/ky/notices/",
        "/ky/notices/{pk}/",
        "/ky/local-issues/",
        "/ky/no-such-page/",
        "/ky/office/notices/",
        "/ky/office/notices/new/",
        "/ky/office/notices/{pk}/edit/",
        "/ky/office/notices/{pk}/delete/",
        "/ky/office/local-issues/",
        "/ky/office/local-issues/new/",
    ],
)
def test_kyrgyz_page_has_no_english_words(client, municipality, staff_user, url):
    notice = NoticeFactory(place="Маданият үйү")
    LocalIssueFactory(description="Суу жетишпейт.")
    LocalIssueList.objects.create()
    client.force_login(staff_user)
    response = client.get(url.format(pk=notice.pk))
    assert response.status_code in (200, 404)
    assert _english_words(response.content.decode()) == set()
