"""No link a demo resident sees in the contests answers 404: a crawl (the demo crawler of
`tests/crawl.py`, with the test client on SQLite) from the contest pages a resident opens
follows every same-site link of the initiatives pages and opens every link they show.

Before the fix the public page of an agreement or of terms of reference linked the
application it belongs to (`Application.get_absolute_url`: `/applications/11/` … `/15/`),
which only the applicant, the office and the commission may open; it now links the
application's public entry on the contest page."""

import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.crawl import crawl_links, reachable

pytestmark = pytest.mark.django_db
PASSWORD = "x-Demo-123"
HREF = re.compile(r"""href=["']([^"'#]+)""")
#: pages whose links are followed (the contests and the registry of documents, whose agreements
#: and terms of reference belong to applications); the pages they link are opened only
EXPANDED = ("/ky/initiatives/", "/ky/documents/")


@override_settings(DEBUG=True)
def test_no_link_a_demo_resident_sees_in_initiatives_answers_404(municipality):
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    report = {}
    for username in (None, "resident1", "resident3"):
        client = Client()
        if username:
            assert client.login(username=username, password=PASSWORD)
        report[username or "visitor"] = _broken_links(client)
    # the registry was crawled, agreements and terms of reference included
    assert all(len(seen) > 10 for _broken, seen in report.values()), report
    assert all(
        sum(p.startswith("/ky/documents/") for p in seen) > 5 for _b, seen in report.values()
    ), report
    assert {who: broken for who, (broken, _seen) in report.items() if broken} == {}


def _broken_links(client):
    found_on, broken = {}, []

    def visit(path):
        response = client.get(path)
        if response.status_code == 404:
            broken.append((path, found_on.get(path, "start")))
        if not path.startswith(EXPANDED) or "text/html" not in response.get("Content-Type", ""):
            return []
        links = [unescape(link) for link in HREF.findall(response.content.decode())]
        for link in links:
            found_on.setdefault(reachable(link, ""), path)
        return links

    start = ["/ky/initiatives/", "/ky/initiatives/my/", "/ky/my/", "/ky/documents/"]
    seen = crawl_links(start, visit)
    return broken, seen


def test_office_contest_page_links_only_notices_on_the_board(client, municipality, staff_user):
    """An announcement expires the day after the deadline: named, no longer linked (its page
    and poster answer 404); a current one keeps both links."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from initiatives import services
    from tests.initiatives.factories import ContestFactory

    today = timezone.localdate()
    past = ContestFactory(
        window_opens=today - datetime.timedelta(days=20),
        window_closes=today - datetime.timedelta(days=5),
    )
    current = ContestFactory()
    for contest in (past, current):
        services.contest_announce(actor=staff_user, contest=contest)
        contest.refresh_from_db()
    client.force_login(staff_user)
    for contest, linked in ((past, False), (current, True)):
        page = client.get(reverse("initiatives:office-contest", args=[contest.pk])).content
        notice = contest.announcement
        assert notice.title in page.decode()
        assert (f"/notices/{notice.pk}/".encode() in page) is linked
        assert client.get(notice.get_absolute_url()).status_code == (200 if linked else 404)
