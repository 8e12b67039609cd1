"""Issue 16 item 4: no page of the demo is wider than a 360 px phone.

Seeds the demo and crawls, at 360×740, every page a visitor, a resident and the office can
reach by following links from the home page and the office page (GET only; files, PDFs,
feeds, exports and the admin left out). On each page `scrollWidth <= clientWidth` of the
document. Before the fix a protocol form with a photo was 569 px wide (its delete checkbox
was labelled with the storage path) and the plan's activities, the cost estimate and the
contest ranking were cut."""

import pytest

from tests.crawl import crawl_links
from tests.journeys.conftest import as_user, demo  # noqa: F401 — the demo fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Same primary keys as the journeys: the demo documents render to the same HTML, so the
    # session's PDF cache (tests/journeys/conftest.py) serves them instead of WeasyPrint.
    pytest.mark.django_db(transaction=True, serialized_rollback=True, reset_sequences=True),
]


def _links(page):
    return page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")


def crawl(page, start, origin):
    too_wide = []

    def visit(path):
        response = page.goto(path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return []
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if widths[0] > widths[1]:
            too_wide.append((path, widths[0]))
        return _links(page)

    return crawl_links(start, visit, origin), too_wide


def test_no_page_of_the_demo_is_wider_than_a_phone(phone_page, live_server, demo):  # noqa: F811
    page = phone_page
    starts = {
        None: ["/ky/", "/ky/search/?q=мектеп"],
        "resident1": ["/ky/my/", "/ky/initiatives/my/", "/ky/accounts/me/"],
        "staff": ["/ky/office/"],
        "monitor1": ["/ky/monitoring/my/"],
    }
    report, too_wide = [], []
    for username, start in starts.items():
        if username:
            as_user(page, username)
        seen, wide = crawl(page, start, live_server.url)
        report.append((username or "visitor", len(seen)))
        too_wide.extend(wide)
    print("\n360 px crawl: " + ", ".join(f"{who} {n} pages" for who, n in report))
    assert all(n > 10 for _who, n in report[:3]), report
    assert too_wide == [], too_wide
