"""Fuzz every form of the site with Hypothesis: no input may produce a server error (5xx).

The forms are found, not listed: every page of the permission matrix is read as a role that
may see it and each <form> on it is collected (tests/security/forms.py). Each form then gets
a fixed hostile corpus (HTML/JS, SQL, spreadsheet formulas, 10 000 characters, zero-width and
right-to-left marks, NUL bytes, invalid UTF-8 and lone surrogates in a raw body) and a few
Hypothesis examples mixing the form's own initial values with hostile and random text.
The CSV exports are checked to neutralise formula prefixes.
"""

import csv
import datetime
import io
import itertools
import os
import re
from decimal import Decimal
from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.security.conftest import record_figure
from tests.security.forms import discover_forms
from tests.security.test_permission_matrix import EXPECTED
from tests.security.world import build_world, clients_for

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "' OR '1'='1",
    "1; DROP TABLE municipality_user; --",
    "' UNION SELECT password FROM municipality_user --",
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+7 555",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "x" * 10_000,
    "ж" * 10_000,
    "\u200b\u200c\u200d\ufeff",
    "\u202eRTL\u202c \u200f",
    "العربية",
    "a\x00b",
    "\x00",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "../../etc/passwd",
    "%s%s%n",
    "{{ 7|add:7 }}{% debug %}",
    "ңөү ҢӨҮ",
    "",
    " ",
]

# Raw-body pieces that the test client cannot send as str: invalid UTF-8 and lone surrogates.
RAW_BYTES = [b"\xff\xfe\xfd", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82", b"\x00\xff"]

FORMSET_ROW = re.compile(r"-[1-9][0-9]*-")

ROLES_TO_CRAWL = (
    "head",
    "resident",
    "visitor",
    "kenesh",
    "chair",
    "commission_other",
    "administrator",
)

# CI runs the "security-ci" profile (tests/security/conftest.py); for a longer run:
# SECURITY_FUZZ_PROFILE=security-deep .venv/bin/python -m pytest tests/security -k form
security_profile = settings(
    settings.get_profile(os.environ.get("SECURITY_FUZZ_PROFILE", "security-ci"))
)


def _raw_body(fields: dict, junk: bytes) -> bytes:
    parts = []
    for name, value in fields.items():
        data = value.encode("utf-8", "surrogatepass") + junk
        parts.append(quote_from_bytes(name.encode()) + "=" + quote_from_bytes(data))
    # and one field with the bytes unescaped
    return ("&".join(parts) + "&raw=").encode() + junk + b"\xed\xb3\xbf"


class Fuzzer:
    def __init__(self, world):
        self.world = world
        self.requests = 0
        self.combined = 0
        self.errors: list[str] = []
        self.clients = clients_for(world, lambda: Client(raise_request_exception=False))

    def send(self, form, data: dict, raw: bytes | None = None):
        client = self.clients[form.role]
        if form.method == "get":
            if raw is not None:
                query = raw.decode("latin-1")
                response = client.generic("GET", form.action + "?" + query)
            else:
                response = client.get(form.action, data)
        elif raw is not None:
            response = client.generic(
                "POST", form.action, raw, content_type="application/x-www-form-urlencoded"
            )
        else:
            response = client.post(form.action, data)
        self.requests += 1
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            detail = repr(exc[1])[:300] if exc else response.status_code
            self.errors.append(f"{form.method.upper()} {form.action} as {form.role}: {detail}")
        return response

    def relogin(self, form):
        user = self.world.users.get(form.role)
        if user is not None:
            user.refresh_from_db()
            self.clients[form.role].force_login(user)

    def fixed_corpus(self, form):
        names = list(form.fields)
        for payload in (
            "x" * 10_000,
            "<script>alert(1)</script>' OR 1=1 --",
            "=1+1\u200b\u202e\x00",
            "@SUM(A1)",
        ):
            self.send(form, {**form.fields, **dict.fromkeys(names, payload)})
        self.send(form, form.fields, raw=_raw_body(dict.fromkeys(names, "\ud800x"), b"\xff"))
        # One field at a time for the values a view may read without a form field in front.
        for name in sorted(form.raw_fields - {"csrfmiddlewaretoken"}):
            if FORMSET_ROW.search(name):  # the first row of a formset stands for the others
                continue
            if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")):
                values = ("a\x00b", "9" * 30)
            else:
                values = ("a\x00b", "x" * 10_000)
            for value in values:
                self.send(form, {**form.fields, name: value})

    def random(self, form):
        values = {
            name: st.one_of(st.just(initial), st.sampled_from(HOSTILE), st.text(max_size=30))
            for name, initial in form.fields.items()
        }

        @security_profile
        @given(
            data=st.fixed_dictionaries(values),
            junk=st.one_of(st.none(), st.sampled_from(RAW_BYTES)),
        )
        def run(data, junk):
            self.send(form, data, raw=_raw_body(data, junk) if junk is not None else None)

        run()

    def combinations(self, form):
        """Several hostile fields at once on an otherwise well-filled form, so the checks
        that only a combination reaches (quantity × unit price, totals, date ranges) run."""
        base = _filled(form)
        numbers = [
            name
            for name, kind in form.types.items()
            if kind == "number" and not FORMSET_ROW.search(name) and name in base
        ]
        for value in BOUNDARY_NUMBERS[:4]:  # every number field of the form at once
            if numbers:
                self.send(form, {**base, **dict.fromkeys(numbers, value)})
        optional = [name for name in numbers if name not in form.required]
        for first, second in itertools.combinations(numbers[:12], 2):  # every pair
            data = {**base, first: "99999999.99", second: "9999999999.99"}
            self.send(form, data)
            # and the optional numbers left empty, for the server to compute (a line total)
            blanks = {name: "" for name in optional if name not in (first, second)}
            if blanks:
                self.send(form, {**data, **blanks})
        names = sorted(set(base) - {"csrfmiddlewaretoken"})
        if len(names) < 2:
            return

        @security_profile
        @given(
            picked=st.lists(st.sampled_from(names), min_size=2, max_size=4, unique=True),
            values=st.lists(
                st.sampled_from(HOSTILE + list(BOUNDARY_NUMBERS)), min_size=4, max_size=4
            ),
        )
        def run(picked, values):
            self.combined += 1
            self.send(form, {**base, **dict(zip(picked, values, strict=False))})

        run()


# Numbers each valid for its own field that overflow what a product or a sum may hold.
BOUNDARY_NUMBERS = (
    "99999999.99",
    "9999999999.99",
    "1000000",
    "2147483648",
    "100000",
    "0.01",
    "-0.01",
    "1e5",
    "0",
)


def _filled(form) -> dict:
    """The form's initial values with each empty input filled as a person would."""
    today = datetime.date.today()
    plausible = {
        "number": "1",
        "date": today.isoformat(),
        "datetime-local": f"{today.isoformat()}T10:00",
        "time": "10:00",
        "email": "sec@example.kg",
        "tel": "+996700123456",
        "url": "https://example.kg/",
        "text": "Сыноо 1",
        "textarea": "Сыноо 1",
    }
    data = dict(form.fields)
    for name, kind in form.types.items():
        if (data.get(name) or "").strip() or name not in data or FORMSET_ROW.search(name):
            continue
        if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")):
            continue
        if kind in plausible and "password" not in name:
            data[name] = plausible[kind]
    return data


# Query parameters the pages read (filters, paging, years, redirects), all hostile at once.
QUERY_PARAMS = (
    "page",
    "year",
    "status",
    "q",
    "kind",
    "category",
    "village",
    "sort",
    "next",
    "month",
    "date",
    "tab",
    "contest",
    "hearing",
    "group",
)
QUERY_VALUES = (
    "99999999999999999999999",
    "-1",
    "<script>alert(1)</script>",
    "a\x00b",
    "x" * 3000,
    "'; --",
    "\u202e\u200b",
)


def fuzz_query_strings(world, fuzzer) -> int:
    """Every page of the matrix, as a role that sees it, with hostile query strings."""
    from django.utils import translation

    from tests.security.forms import FoundForm

    for role in ROLES_TO_CRAWL:  # the form fuzzing may have changed a password or a session
        fuzzer.relogin(FoundForm(page="", action="", method="get", multipart=False, role=role))
    pages = 0
    for name, rows in EXPECTED.items():
        if name.startswith("media/"):
            continue
        for row in rows:
            role = next((r for r in ROLES_TO_CRAWL if row.get.get(r) == 200), None)
            if role is None:
                continue
            with translation.override("ky"):
                url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else {})
            page = FoundForm(page=url, action=url, method="get", multipart=False, role=role)
            pages += 1
            for index, value in enumerate(QUERY_VALUES):
                params = {
                    key: QUERY_VALUES[(index + n) % len(QUERY_VALUES)] if n else value
                    for n, key in enumerate(QUERY_PARAMS)
                }
                fuzzer.send(page, params)
            fuzzer.send(page, {}, raw=_raw_body(dict.fromkeys(QUERY_PARAMS, "\udfff"), b"\xfe"))
    return pages


@pytest.mark.slow
@pytest.mark.django_db
def test_every_form_survives_hostile_input():
    world = build_world()
    fuzzer = Fuzzer(world)
    forms = discover_forms(world, fuzzer.clients, EXPECTED, ROLES_TO_CRAWL)
    assert len(forms) > 40, [f.action for f in forms]
    without_csrf = [
        f"{f.action} (on {f.page})"
        for f in forms
        if f.method == "post" and "csrfmiddlewaretoken" not in f.fields
    ]
    assert not without_csrf, f"POST forms without a CSRF token: {without_csrf}"
    for form in forms:
        fuzzer.relogin(form)
        fuzzer.fixed_corpus(form)
        fuzzer.random(form)
    pages = fuzz_query_strings(world, fuzzer)
    record_figure(
        "form fuzzing",
        f"{len(forms)} forms (every POST form with a CSRF token) and {pages} pages' query "
        f"strings, {fuzzer.requests} requests, {len(fuzzer.errors)} server errors",
    )
    assert not fuzzer.errors, "\n".join(fuzzer.errors[:40])


@pytest.mark.slow
@pytest.mark.django_db
def test_every_form_survives_hostile_field_combinations():
    """Multi-field fuzzing (issue 12 item 5): each form filled as a person would, then every
    number field at once at the top of its column, every pair of number fields, and
    Hypothesis combinations of 2–4 hostile fields together."""
    world = build_world()
    fuzzer = Fuzzer(world)
    forms = discover_forms(world, fuzzer.clients, EXPECTED, ROLES_TO_CRAWL)
    assert len(forms) > 40
    for form in forms:
        fuzzer.relogin(form)
        fuzzer.combinations(form)
    record_figure(
        "multi-field fuzzing",
        f"{len(forms)} forms, {fuzzer.requests} requests with several hostile fields at once "
        f"({fuzzer.combined} Hypothesis combinations), {len(fuzzer.errors)} server errors",
    )
    assert not fuzzer.errors, "\n".join(fuzzer.errors[:40])


# CSV exports: every cell a person could have typed is neutralised against formulas.
FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=2"]


def _cells(response) -> list[str]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    rows = csv.reader(io.StringIO(text.decode("utf-8-sig")))
    return [cell for row in rows for cell in row]


def _assert_neutral(cells, expected_texts):
    for formula in expected_texts:
        assert "'" + formula in cells, (formula, cells)
    for cell in cells:
        assert not cell or cell[0] not in "=+@\t\r" or cell.startswith("'"), cell


@pytest.mark.django_db
def test_budget_csv_neutralises_formulas(client):
    from budget.models import BudgetLineLink
    from tests.budget.factories import BudgetCategoryFactory, BudgetLineFactory
    from tests.municipality.factories import MunicipalityFactory

    MunicipalityFactory()
    for index, formula in enumerate(FORMULAS):
        category = BudgetCategoryFactory(code=f"{formula[0]}{index}+1", name=formula)
        line = BudgetLineFactory(category=category)
        BudgetLineLink.objects.create(line=line, label=formula, url="https://example.kg/")
    cells = _cells(client.get(reverse("budget:lines-csv")))
    _assert_neutral(cells, FORMULAS + [f"{f[0]}{i}+1" for i, f in enumerate(FORMULAS)])
    record_figure("csv export budget:lines-csv", f"{len(FORMULAS)} formula prefixes neutralised")


@pytest.mark.django_db
def test_contest_results_csv_neutralises_formulas(client):
    from initiatives.models import Application, CommissionMember, Contest, Score
    from tests.initiatives.factories import ApplicationFactory, ContestFactory
    from tests.municipality.factories import MunicipalityFactory, UserFactory

    MunicipalityFactory()
    contest = ContestFactory(status=Contest.Status.RESULTS)
    member = CommissionMember.objects.create(
        contest=contest, user=UserFactory(full_name="=1+2", roles=["commission_member"])
    )
    criterion = contest.criteria.first()
    criterion.name = "@SUM(A1)"
    criterion.save()
    for formula in FORMULAS:
        application = ApplicationFactory(
            contest=contest,
            title=formula,
            status=Application.Status.SELECTED,
            requested_sum=Decimal("1000"),
        )
        Score.objects.create(
            member=member, application=application, criterion=criterion, value=3, submitted=True
        )
    response = client.get(reverse("initiatives:contest-csv", kwargs={"pk": contest.pk}))
    assert response.status_code == 200
    cells = _cells(response)
    _assert_neutral(cells, FORMULAS)
    assert "'@SUM(A1)" in cells
    record_figure(
        "csv export initiatives:contest-csv", f"{len(FORMULAS)} formula prefixes neutralised"
    )


@pytest.mark.django_db
def test_posts_without_a_csrf_token_are_refused():
    """The test client skips CSRF checks; a real browser session does not."""
    world = build_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["resident"])
    urls = [
        reverse("engagement_plan:comment-add", args=[world.plan.pk]),
        reverse("budget:hearing-propose", args=[world.hearing.pk]),
        reverse("initiatives:apply", args=[world.contest.pk]),
        reverse("municipality:account-edit"),
    ]
    for url in urls:
        assert client.post(url, {"text": "Сунуш"}).status_code == 403, url
    record_figure("csrf", f"{len(urls)} POSTs without a token refused")
