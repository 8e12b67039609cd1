"""The journeys run on the demo world of `manage.py seed_demo` (about 6 s to seed, PDFs
included: browser tests are transactional, so the documents render on commit; about 2 s once
the session has rendered each distinct document once)."""

import io
import subprocess

import pytest
from django.core.management import call_command

from tests.conftest import login_in_browser

DEMO_PASSWORD = "Demo-Journey-2026"


# WeasyPrint output by HTML, kept for the session: every journey seeds the same world, and
# rendering its ~26 documents is three quarters of the seeding time. Identical HTML gives the
# same PDF, so the documents served and read back with pdftotext are still real renders.
_PDF_BY_HTML = {}


@pytest.fixture
def demo(live_server, monkeypatch):
    """Seed the demo municipality after the live server is up (the database is flushed after
    each transactional test, so every journey starts from the same world)."""
    from municipality import pdf

    render = pdf.html_to_pdf

    def html_to_pdf(html):
        if html not in _PDF_BY_HTML:
            _PDF_BY_HTML[html] = render(html)
        return _PDF_BY_HTML[html]

    monkeypatch.setattr(pdf, "html_to_pdf", html_to_pdf)
    call_command("seed_demo", force=True, password=DEMO_PASSWORD, stdout=io.StringIO())


def login(page, username, language="ky"):
    login_in_browser(page, username, password=DEMO_PASSWORD, language=language)
    page.wait_for_url(lambda url: "/login/" not in url)


def as_user(page, username, language="ky"):
    page.context.clear_cookies()
    login(page, username, language)


def submit(page, action_suffix):
    page.click(f"form[action$='{action_suffix}'] button[type=submit]")
    page.wait_for_load_state()


def pdf_text(path):
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def watch_errors(page):
    """Collect server errors and blocked resources on the way (CSP, 500s, broken links)."""
    problems = []
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and not r.url.endswith("/favicon.ico")
            and problems.append(f"{r.status} {r.url}")
        ),
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems
