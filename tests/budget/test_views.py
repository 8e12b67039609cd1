import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from budget.models import BudgetCategory, BudgetLine, BudgetLineLink, Hearing, Proposal
from tests.municipality.factories import AttendanceFactory, UserFactory

from .factories import BudgetCategoryFactory, BudgetLineFactory, HearingFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _lines(count, start=0, years=(2024, 2025, 2026)):
    for i in range(start, start + count):
        kind = BudgetCategory.Kind.REVENUE if i % 3 == 0 else BudgetCategory.Kind.EXPENDITURE
        category = BudgetCategoryFactory(kind=kind, code=f"C{i:04d}")
        line = BudgetLineFactory(
            category=category,
            year=years[i % len(years)],
            planned=Decimal(1000 + i),
            actual=Decimal(900 + i),
        )
        if i % 5 == 0:
            BudgetLineLink.objects.create(line=line, label=f"Долбоор {i}", url="/ky/plan/")


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", ["/ky/budget/?year=2026", "/ky/budget/lines.csv", "/ky/budget/lines.json?year=2025"]
)
@pytest.mark.renders
def test_budget_page_query_count_is_constant(client, municipality, url, django_assert_num_queries):
    _lines(20)
    small = _count_queries(client, url)
    _lines(380, start=20)
    assert BudgetLine.objects.count() == 400
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


def test_budget_page_shows_totals_charts_and_tables(client, municipality):
    revenue = BudgetCategoryFactory(kind="revenue", name="Жер салыгы", name_ru="Земельный налог")
    school = BudgetCategoryFactory(kind="expenditure", name="Билим берүү", name_ru="Образование")
    BudgetLineFactory(
        year=2025, category=revenue, planned=Decimal("1000000"), actual=Decimal("990000")
    )
    line = BudgetLineFactory(
        year=2025, category=school, planned=Decimal("800000"), actual=Decimal("750000")
    )
    BudgetLineLink.objects.create(line=line, label="Мектептин чатыры", url="/ky/plan/")
    BudgetLineFactory(year=2024, category=school, planned=Decimal("700000"))
    content = client.get("/ky/budget/?year=2025").content.decode()
    assert content.count('<svg class="budget-svg"') == 3
    assert content.count("<table") >= 3
    assert "1\u202f000\u202f000" in content and "200\u202f000" in content  # balance
    assert "Мектептин чатыры" in content and 'href="/ky/plan/"' in content
    assert "<script" not in content and 'style="' not in content
    ru = client.get("/ru/budget/?year=2025").content.decode()
    assert "Образование" in ru


def test_budget_page_without_data_and_with_bad_year(client, municipality):
    assert client.get("/ky/budget/").status_code == 200
    BudgetLineFactory(year=2026)
    assert client.get("/ky/budget/?year=abc").status_code == 200
    assert client.get("/ky/budget/?year=1999").status_code == 200


def test_csv_download_neutralises_formulas(client, municipality):
    category = BudgetCategoryFactory(name='=HYPERLINK("http://x")', code="+1")
    line = BudgetLineFactory(category=category)
    BudgetLineLink.objects.create(line=line, label="@SUM(A1)", url="")
    response = client.get(reverse("budget:lines-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["year", "kind", "code", "category", "planned", "actual", "financed"]
    assert rows[1][2] == "'+1" and rows[1][3].startswith("'=") and rows[1][6].startswith("'@")
    data = json.loads(client.get(reverse("budget:lines-json")).content)
    assert data["lines"][0]["category"].startswith("=")


def test_draft_hearings_are_hidden_from_the_public(client, municipality, staff_user):
    draft = HearingFactory()
    announced = HearingFactory(status=Hearing.Status.ANNOUNCED)
    listing = client.get(reverse("budget:hearing-list")).content.decode()
    assert reverse("budget:hearing-detail", args=[announced.pk]) in listing
    assert reverse("budget:hearing-detail", args=[draft.pk]) not in listing
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_resident_sends_a_proposal_and_sees_it(client, municipality, resident):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    url = reverse("budget:hearing-propose", args=[hearing.pk])
    assert client.post(url, {"text": "x"}).status_code == 302  # to the login page
    assert not Proposal.objects.exists()
    client.force_login(resident)
    response = client.post(url, {"text": ""})
    assert response.status_code == 400 and not Proposal.objects.exists()
    response = client.post(url, {"text": "Көпүрөнү оңдоо"}, follow=True)
    assert Proposal.objects.get().author == resident
    assert "Көпүрөнү оңдоо" in response.content.decode()


def test_registration_button(client, municipality, resident):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    client.force_login(resident)
    client.post(reverse("budget:hearing-register", args=[hearing.pk]))
    client.post(reverse("budget:hearing-register", args=[hearing.pk]))
    assert hearing.registrations.count() == 1
    client.post(reverse("budget:hearing-register", args=[hearing.pk]), {"action": "cancel"})
    assert hearing.registrations.count() == 0


OFFICE_GETS = [
    "budget:office",
    "budget:office-hearing-create",
    "budget:office-lines",
    "budget:office-line-create",
    "budget:office-import",
    "budget:office-categories",
]


@pytest.mark.parametrize("name", OFFICE_GETS)
@pytest.mark.parametrize(
    "who, expected", [("visitor", 302), ("resident", 403), ("staff", 200), ("head", 200)]
)
def test_office_pages_are_for_staff_only(client, municipality, name, who, expected):
    if who != "visitor":
        client.force_login(UserFactory(roles=[who] if who != "resident" else []))
    assert client.get(reverse(name)).status_code == expected


@pytest.mark.parametrize("who, expected", [("visitor", 302), ("resident", 403)])
@pytest.mark.parametrize("action", ["announce", "protocol"])
def test_office_actions_refused_to_non_staff(client, municipality, who, expected, action):
    hearing = HearingFactory(starts_at=timezone.now() + datetime.timedelta(days=30))
    if who == "resident":
        client.force_login(UserFactory())
    response = client.post(reverse(f"budget:office-hearing-{action}", args=[hearing.pk]))
    assert response.status_code == expected
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.DRAFT


def test_staff_announce_too_late_sees_why(client, municipality, staff_user):
    hearing = HearingFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    client.force_login(staff_user)
    response = client.post(
        reverse("budget:office-hearing-announce", args=[hearing.pk]), follow=True
    )
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.DRAFT
    assert "10" in response.content.decode()


def test_staff_hold_form_keeps_input_and_names_the_field(client, municipality, staff_user):
    hearing = HearingFactory(
        status=Hearing.Status.ANNOUNCED, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(staff_user)
    response = client.post(
        reverse("budget:office-hearing-hold", args=[hearing.pk]),
        {"attendance_total": "10", "attendance_women": "12", "discussion": "Талкуу болду"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Талкуу болду" in content and 'value="12"' in content
    assert 'id="error_1_id_attendance_women"' in content or "is-invalid" in content
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.ANNOUNCED


def test_staff_decide_flow_through_the_office(client, municipality, staff_user):
    hearing = HearingFactory(
        status=Hearing.Status.HELD,
        attendance=AttendanceFactory(total=5, source="budget.hearing"),
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    proposal = ProposalFactory(hearing=hearing)
    client.force_login(staff_user)
    url = reverse("budget:office-proposal-decide", args=[proposal.pk])
    response = client.post(url, {"decision": "rejected", "reason": ""})
    assert response.status_code == 200 and "reason" in response.content.decode()
    client.post(url, {"decision": "forwarded"})
    proposal.refresh_from_db()
    assert proposal.decision == Proposal.Decision.FORWARDED


def test_staff_import_page_reports_row_errors(client, municipality, staff_user):
    client.force_login(staff_user)
    upload = SimpleUploadedFile(
        "b.csv", b"year,kind,code,category,planned,actual\n2026,revenue,1,A,-3,\n"
    )
    response = client.post(reverse("budget:office-import"), {"file": upload, "encoding": "auto"})
    assert response.status_code == 200
    assert "-3" in response.content.decode()
    assert not BudgetLine.objects.exists()
    upload = SimpleUploadedFile(
        "b.csv", b"year,kind,code,category,planned,actual\n2026,revenue,1,A,3,\n"
    )
    response = client.post(reverse("budget:office-import"), {"file": upload, "encoding": "auto"})
    assert response.status_code == 302 and BudgetLine.objects.count() == 1


def test_staff_create_hearing_and_line(client, municipality, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("budget:office-hearing-create"),
        {
            "kind": "draft_budget",
            "fiscal_year": "2027",
            "starts_at": "2027-01-10T10:00",
            "address_ky": "Клуб",
            "agenda_ky": "Бюджет",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Hearing.objects.get().fiscal_year == 2027
    category = BudgetCategoryFactory()
    response = client.post(
        reverse("budget:office-line-create"),
        {
            "year": "2027",
            "category": category.pk,
            "planned": "-1",
        },
    )
    assert response.status_code == 200 and not BudgetLine.objects.exists()
    response = client.post(
        reverse("budget:office-line-create"),
        {
            "year": "2027",
            "category": category.pk,
            "planned": "1500.50",
        },
    )
    assert response.status_code == 302 and BudgetLine.objects.get().planned == Decimal("1500.50")


def test_announced_hearing_links_its_notice_and_poster(client, municipality, staff_user):
    hearing = HearingFactory(starts_at=timezone.now() + datetime.timedelta(days=15))
    client.force_login(staff_user)
    client.post(reverse("budget:office-hearing-announce", args=[hearing.pk]))
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.ANNOUNCED and hearing.notice_id
    client.logout()
    content = client.get(hearing.get_absolute_url()).content.decode()
    assert reverse("municipality:notice-poster", args=[hearing.notice_id]) in content
    assert reverse("municipality:notice-detail", args=[hearing.notice_id]) in content


@pytest.mark.parametrize("page", ["detail", "list", "office"])
@pytest.mark.renders
def test_hearing_pages_query_count_is_constant(
    client, municipality, staff_user, page, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    url = {
        "detail": hearing.get_absolute_url(),
        "list": reverse("budget:hearing-list"),
        "office": reverse("budget:office-hearing", args=[hearing.pk]),
    }[page]
    client.force_login(staff_user)
    ProposalFactory.create_batch(2, hearing=hearing)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    ProposalFactory.create_batch(30, hearing=hearing)
    HearingFactory.create_batch(5, status=Hearing.Status.ANNOUNCED)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_staff_add_material_file_checked_by_content(client, municipality, staff_user):
    hearing = HearingFactory()
    client.force_login(staff_user)
    url = reverse("budget:office-hearing-material", args=[hearing.pk])
    fake = SimpleUploadedFile("budget.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(url, {"title": "Долбоор", "file": fake})
    assert response.status_code == 400 and not hearing.materials.exists()
    pdf = SimpleUploadedFile(
        "budget.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        content_type="application/pdf",
    )
    response = client.post(url, {"title": "Долбоор", "file": pdf})
    assert response.status_code == 302
    assert hearing.materials.get().content_type == "application/pdf"


def test_announced_hearing_keeps_its_date(client, municipality, staff_user):
    from budget.services import hearing_update

    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    with pytest.raises(ValidationError) as info:
        hearing_update(
            hearing=hearing,
            actor=staff_user,
            data={"starts_at": hearing.starts_at + datetime.timedelta(days=1)},
        )
    assert "starts_at" in info.value.message_dict
    hearing = hearing_update(
        hearing=hearing, actor=staff_user, data={"agenda": "Жаңы күн тартиби"}
    )
    assert hearing.agenda == "Жаңы күн тартиби"


def test_hearings_open_data_hide_drafts_and_names(client, municipality):
    HearingFactory()
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    ProposalFactory(hearing=hearing, author=UserFactory(full_name="Жашыруун Адам"))
    response = client.get(reverse("budget:hearings-json"))
    data = json.loads(response.content)
    assert [h["id"] for h in data["hearings"]] == [hearing.pk]
    assert data["hearings"][0]["proposals"][0]["text"]
    assert "Жашыруун Адам" not in response.content.decode()


@pytest.mark.renders
def test_hearing_page_as_a_resident_keeps_its_query_count(client, municipality):
    """Proposals tied to a budget line and a local issue, some the resident's own (shown twice:
    in "my proposals" and in the list): a fixed number of queries however many there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.municipality.factories import LocalIssueFactory

    resident = UserFactory()
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)

    def proposals(count):
        for i in range(count):
            ProposalFactory(
                hearing=hearing,
                author=resident if i % 2 else UserFactory(),
                budget_line=BudgetLineFactory(),
                local_issue=LocalIssueFactory(),
            )

    client.force_login(resident)
    proposals(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(hearing.get_absolute_url()).status_code == 200
    proposals(20)
    with CaptureQueriesContext(connection) as large:
        page = client.get(hearing.get_absolute_url())
    assert page.status_code == 200 and page.content.decode().count('class="proposal ') == 33
    assert len(large.captured_queries) == len(small.captured_queries)
