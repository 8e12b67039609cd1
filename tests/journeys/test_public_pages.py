"""Every public page (and the forms a signed-in resident fills in), in Kyrgyz, on the demo
world: an accessibility check with axe-core (no serious or critical violations) at desktop
width, no English words in the visible text, and a full-page screenshot at phone width (360 px)
kept in build/screens/ for CI, with no sideways scrolling.

axe-core comes from the npm registry (`make setup` puts it in build/axe/axe.min.js). It is run
with `page.evaluate(source)`: Playwright evaluates through the DevTools protocol, which the
page's Content Security Policy (`script-src 'self'`) does not apply to, so the checks see the
page exactly as served — no `bypass_csp` context and no inline <script> tag is needed.
"""

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from budget.models import Hearing
from engagement_plan.models import Plan
from initiatives.models import Contest
from monitoring.models import MonitoringGroup, Protocol
from municipality.models import Notice, OfficialDocument

from .conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Same primary keys in every journey: the demo documents render to the same HTML.
    pytest.mark.django_db(transaction=True, serialized_rollback=True, reset_sequences=True),
]

BUILD = Path(settings.BASE_DIR) / "build"
AXE = BUILD / "axe" / "axe.min.js"
SCREENS = BUILD / "screens"
BLOCKING = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")
# Latin words a Kyrgyz page may show: file formats, brands, the checksum's name.
LATIN_ALLOWED = {
    "PDF",
    "JPEG",
    "PNG",
    "CSV",
    "JSON",
    "SHA",
    "Atom",
    "Facebook",
    "WhatsApp",
    "Telegram",
    "SMS",
    "English",  # the language switch names each language in that language
}
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        if shutil.which("npm") is None:
            pytest.skip(
                "axe-core is missing and npm is not installed: run `make setup` "
                "on a machine with npm to fetch it into build/axe/"
            )
        AXE.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", "-q", "axe-core@4", "--pack-destination", str(AXE.parent)],
            check=True,
            capture_output=True,
        )
        archive = next(AXE.parent.glob("axe-core-*.tgz"))
        subprocess.run(
            [
                "tar",
                "-xzf",
                str(archive),
                "-C",
                str(AXE.parent),
                "--strip-components=1",
                "package/axe.min.js",
            ],
            check=True,
        )
        archive.unlink()
    return AXE.read_text(encoding="utf-8")


def public_pages():
    """(name, path) of every public page, with real objects from the demo."""
    notice = Notice.objects.visible().order_by("-pk").first()
    document = OfficialDocument.objects.order_by("pk").first()
    draft = Plan.objects.get(status=Plan.Status.DISCUSSION)
    results = Contest.objects.get(status=Contest.Status.RESULTS)
    accepting = Contest.objects.get(status=Contest.Status.ACCEPTING)
    hearing = Hearing.objects.get(status=Hearing.Status.ANNOUNCED)
    group = MonitoringGroup.objects.get()
    protocol = Protocol.objects.filter(status=Protocol.Status.PUBLISHED).first()
    return [
        ("home", "/ky/"),
        # The portal search with hits of several kinds (a word of a demo notice's title).
        ("search", f"/ky/search/?q={quote(notice.title.split()[0])}"),
        ("notices", "/ky/notices/"),
        ("notice-detail", f"/ky/notices/{notice.pk}/"),
        ("local-issues", "/ky/local-issues/"),
        ("documents", "/ky/documents/"),
        ("document-detail", f"/ky/documents/{document.pk}/"),
        ("plan", "/ky/plan/"),
        ("plan-draft", f"/ky/plan/{draft.pk}/"),
        ("contests", "/ky/initiatives/"),
        ("contest-results", f"/ky/initiatives/{results.pk}/"),
        ("contest-accepting", f"/ky/initiatives/{accepting.pk}/"),
        ("budget", "/ky/budget/"),
        ("hearings", "/ky/budget/hearings/"),
        ("hearing-detail", f"/ky/budget/hearings/{hearing.pk}/"),
        ("monitoring", "/ky/monitoring/"),
        ("monitoring-group", f"/ky/monitoring/groups/{group.pk}/"),
        ("monitoring-protocol", f"/ky/monitoring/protocols/{protocol.pk}/"),
        ("signup", "/ky/accounts/signup/"),
        ("login", "/ky/accounts/login/"),
        ("subscribe", "/ky/subscribe/"),
        ("logout", "/ky/accounts/logout/"),
    ]


def english_words(page):
    """Latin words in the visible text, leaving out links, addresses and codes."""
    tokens = page.evaluate("() => document.body.innerText").split()
    return {
        word
        for token in tokens
        if not re.search(r"[/@0-9.]", token)
        for word in LATIN_WORD.findall(token)
        if word not in LATIN_ALLOWED
    }


def axe_violations(page, source):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }"""
    )


def test_every_public_page_is_accessible_and_fits_a_phone(page, phone_page, demo, axe_source):
    SCREENS.mkdir(parents=True, exist_ok=True)
    rows, blocking, too_wide, english = [], [], [], []

    def check(name, path=None, *, submit=None):
        """axe at desktop width, then the same page on the phone: screenshot and width."""
        for tab in (page, phone_page):
            if path:
                response = tab.goto(path)
                assert response.status == 200, path
            if submit:  # the page as re-displayed with the errors next to the fields
                with tab.expect_navigation():
                    tab.click(submit)
        violations = axe_violations(page, axe_source)
        counts = {impact: sum(v["impact"] == impact for v in violations) for impact in IMPACTS}
        rows.append((name, counts, sorted({v["id"] for v in violations})))
        blocking.extend((name, v) for v in violations if v["impact"] in BLOCKING)
        if words := english_words(page):
            english.append((name, sorted(words)))
        phone_page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)
        width = phone_page.evaluate("() => document.documentElement.scrollWidth")
        if width > 361:
            too_wide.append((name, width))

    for name, path in public_pages():
        check(name, path)
    for name, path in (
        ("signup-errors", "/ky/accounts/signup/"),
        ("subscribe-errors", "/ky/subscribe/"),
    ):
        check(name, path, submit="main form[method=post] button[type=submit]")

    # The pages a signed-in resident fills in.
    accepting = Contest.objects.get(status=Contest.Status.ACCEPTING)
    for tab in (page, phone_page):
        login(tab, "resident1")
    check("account", "/ky/accounts/me/")
    check("my-work", "/ky/my/")
    check("contest-apply", f"/ky/initiatives/{accepting.pk}/apply/")
    check(
        "contest-apply-errors",
        submit="main form[enctype] button[name=action][value=submit]",
    )
    check("my-applications", "/ky/initiatives/my/")

    print("\naxe-core on every public page (violations by impact)")
    print(f"{'page':<22}" + "".join(f"{impact:>10}" for impact in IMPACTS) + "  rules")
    for name, counts, ids in rows:
        print(f"{name:<22}" + "".join(f"{counts[i]:>10}" for i in IMPACTS) + "  " + ", ".join(ids))
    print(
        f"{len(rows)} pages, {len(blocking)} serious or critical violations; "
        f"screenshots at 360 px in {SCREENS}"
    )
    assert blocking == [], "\n".join(
        f"{name}: {v['impact']} {v['id']} — {v['help']} {v['nodes']}" for name, v in blocking
    )
    assert too_wide == [], too_wide
    assert english == [], f"English words on Kyrgyz pages: {english}"
