"""Numbers, dates and statuses one way on web pages (issue 16, items 8 and 9)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from engagement_plan.models import Plan
from initiatives.models import Contest, EstimateLine
from monitoring.models import Protocol
from tests.engagement_plan.factories import ActivityFactory, PlanFactory
from tests.initiatives.factories import ApplicationFactory, ContestFactory
from tests.monitoring.factories import ProtocolFactory

pytestmark = pytest.mark.django_db
NBSP, NNBSP = "\u00a0", "\u202f"


def render(text, **context):
    return Template("{% load money %}" + text).render(Context(context))


def test_som_sum_and_quantity_filters():
    with translation.override("ky"):
        assert render("{{ x|som_sum }}", x=Decimal("39000.00")) == f"39{NNBSP}000{NBSP}сом"
        assert render("{{ x|som_sum }}", x=Decimal("12.50")) == f"12,50{NBSP}сом"
        assert render("{{ x|som_sum }}", x=None) == "—"
        assert render("{{ x|quantity }}", x=Decimal("3.00")) == "3"
        assert render("{{ x|quantity }}", x=Decimal("2.50")) == "2,5"
        assert render("{{ x|quantity }}", x=Decimal("1200")) == f"1{NNBSP}200"
    with translation.override("ru"):
        assert render("{{ x|som_sum }}", x=45000) == f"45{NNBSP}000{NBSP}сом"


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_dates_are_digits_in_every_language(language):
    day = datetime.date(2026, 12, 16)
    moment = timezone.make_aware(datetime.datetime(2026, 12, 16, 14, 30))
    with translation.override(language):
        text = Template("{{ d|date }} {{ m|date:'DATETIME_FORMAT' }} {{ d }}").render(
            Context({"d": day, "m": moment})
        )
    assert text == "16.12.2026 16.12.2026 14:30 16.12.2026"


def test_contest_pages_show_money_one_way(client):
    contest = ContestFactory(
        status=Contest.Status.ACCEPTING, budget=Decimal("450000"), max_per_project=45000
    )
    page = client.get(contest.get_absolute_url()).content.decode()
    assert f"450{NNBSP}000{NBSP}сом" in page
    assert f"45{NNBSP}000{NBSP}сом" in page
    assert "450,000" not in page and ".00" not in page


def test_cost_estimate_has_no_decimal_zeros(client):
    application = ApplicationFactory(lines=False)
    EstimateLine.objects.create(
        application=application,
        item="Цемент",
        unit="кап",
        quantity=Decimal("3.00"),
        unit_price=Decimal("13000.00"),
        total=Decimal("39000.00"),
    )
    client.force_login(application.applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert f"39{NNBSP}000{NBSP}сом" in page
    assert ".00" not in page
    assert 'data-label="Саны"' in page or "data-label=" in page  # stacked on a phone


def _badge(contest, today):
    with translation.override("ky"):
        return contest.resident_phase(today)


def test_contest_badge_says_what_a_resident_can_do():
    opens, closes = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    contest = ContestFactory(
        status=Contest.Status.ACCEPTING, window_opens=opens, window_closes=closes
    )
    now = _badge(contest, datetime.date(2026, 3, 10))
    assert now["css"] == "success"
    assert "31.03.2026" in now["label"]
    assert now["window"].endswith("кабыл алынууда.")
    late = _badge(contest, datetime.date(2026, 4, 2))
    assert late["css"] == "warning"
    assert late["window"].endswith("кабыл алынган.")  # past tense for a past window
    soon = _badge(contest, datetime.date(2026, 2, 1))
    assert soon["css"] == "info" and soon["window"].endswith("кабыл алынат.")
    contest.status = Contest.Status.RESULTS
    assert _badge(contest, datetime.date(2026, 5, 1))["css"] == "primary"
    contest.status = Contest.Status.CLOSED
    assert _badge(contest, datetime.date(2026, 5, 1))["css"] == "secondary"


def test_contest_list_colours_the_badges(client):
    today = timezone.localdate()
    ContestFactory(
        status=Contest.Status.ACCEPTING,
        window_opens=today - datetime.timedelta(days=1),
        window_closes=today + datetime.timedelta(days=9),
    )
    ContestFactory(
        status=Contest.Status.CLOSED,
        window_opens=today - datetime.timedelta(days=99),
        window_closes=today - datetime.timedelta(days=60),
    )
    page = client.get("/ky/initiatives/").content.decode()
    assert "text-bg-success" in page and "text-bg-secondary" in page
    assert "кабыл алынган." in page


def test_plan_page_marks_overdue_activities(client):
    plan = PlanFactory(status=Plan.Status.IN_FORCE)
    late = ActivityFactory(plan=plan, deadline=timezone.localdate() - datetime.timedelta(days=3))
    ActivityFactory(plan=plan, deadline=timezone.localdate() + datetime.timedelta(days=3))
    assert late.is_overdue
    page = client.get(plan.get_absolute_url()).content.decode()
    assert page.count("text-bg-danger status-badge") == 1


def test_monitoring_lists_newest_protocols_first(client):
    old = ProtocolFactory(
        status=Protocol.Status.PUBLISHED, visit_date=datetime.date(2026, 1, 5), address="Эски"
    )
    new = ProtocolFactory(
        subject=old.subject,
        status=Protocol.Status.PUBLISHED,
        visit_date=datetime.date(2026, 6, 5),
        address="Жаңы",
    )
    page = client.get("/ky/monitoring/").content.decode()
    assert page.index(new.get_absolute_url()) < page.index(old.get_absolute_url())


def test_wide_public_tables_stack_on_a_phone(client):
    """The documents registry and the plan's activities are stacked cards with labels."""
    from django.core.files.base import ContentFile

    from municipality.models import OfficialDocument

    today = timezone.localdate()
    OfficialDocument.objects.create(
        kind=OfficialDocument.Kind.ORDER,
        year=today.year,
        number=7,
        date=today,
        title="Буйрук",
        status=OfficialDocument.Status.ISSUED,
        is_public=True,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="order.pdf"),
    )
    documents = client.get("/ky/documents/").content.decode()
    assert "table-stack" in documents and 'data-label="' in documents
    plan = PlanFactory(status=Plan.Status.IN_FORCE)
    ActivityFactory(plan=plan)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "plan-activities table-stack" in page and 'data-label="' in page
