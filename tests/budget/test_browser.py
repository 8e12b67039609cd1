import datetime

import pytest
from django.utils import timezone

from budget.models import Hearing, Proposal
from municipality.models import OutboxMessage
from tests.conftest import login_in_browser
from tests.municipality.factories import UserFactory

from .factories import BudgetLineFactory, HearingFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_resident_proposes_staff_decide_resident_sees_decision_and_protocol(
    page, chromium, live_server, municipality
):
    resident = UserFactory(username="aigul", full_name="Сатыбалдиева Айгүл")
    staff = UserFactory(username="clerk", roles=["staff"])
    hearing = HearingFactory(
        status=Hearing.Status.ANNOUNCED, starts_at=timezone.now() + datetime.timedelta(days=5)
    )
    BudgetLineFactory(year=hearing.fiscal_year, category__name="Суу менен камсыздоо")

    # The resident reads the materials and sends a proposal before the hearing.
    login_in_browser(page, resident.username)
    page.goto(f"/ky/budget/hearings/{hearing.pk}/")
    page.fill("textarea[name=text]", "Жогорку көчөгө суу түтүгүн тартуу керек.")
    page.select_option("select[name=budget_line]", index=1)
    page.click(f"form[action$='/hearings/{hearing.pk}/propose/'] button[type=submit]")
    page.wait_for_selector("#my-proposals")
    assert "Жогорку көчөгө суу түтүгүн" in page.inner_text("#my-proposals")
    proposal = Proposal.objects.get()
    assert proposal.author_id == resident.pk and proposal.budget_line is not None

    # The day comes.
    Hearing.objects.filter(pk=hearing.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )

    # Staff record the hearing, decide the proposal and publish the protocol.
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    office = context.new_page()
    login_in_browser(office, staff.username)
    office.goto(f"/ky/budget/office/hearings/{hearing.pk}/")
    office.click(f"a[href$='/office/hearings/{hearing.pk}/hold/']")
    office.fill("input[name=attendance_total]", "42")
    office.fill("input[name=attendance_women]", "50")
    office.click("main form[method=post] button[type=submit]")
    assert office.locator(".invalid-feedback, .alert-danger").count() >= 1
    assert office.input_value("input[name=attendance_women]") == "50"
    office.fill("input[name=attendance_women]", "23")
    office.fill("input[name=attendance_men]", "19")
    office.fill("textarea[name=discussion]", "Тургундар суу түтүгүн талкуулашты.")
    office.click("main form[method=post] button[type=submit]")
    office.wait_for_url(f"**/office/hearings/{hearing.pk}/")
    office.click(f"a[href$='/office/proposals/{proposal.pk}/decide/']")
    office.check("input[name=decision][value=accepted]")
    office.click("main form[method=post] button[type=submit]")
    office.wait_for_url(f"**/office/hearings/{hearing.pk}/")
    office.click(f"form[action$='/office/hearings/{hearing.pk}/protocol/'] button")
    office.wait_for_url(f"**/office/hearings/{hearing.pk}/")
    context.close()
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.PROTOCOL_PUBLISHED
    assert OutboxMessage.objects.filter(user=resident).exists()

    # The resident sees the decision and downloads the protocol.
    page.goto(f"/ky/budget/hearings/{hearing.pk}/")
    assert "Кабыл алынды" in page.inner_text("#my-proposals")
    with page.expect_download() as download_info:
        page.click("a[download]")
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_budget_page_charts_fit_a_phone(phone_page, municipality):
    from decimal import Decimal

    from .factories import BudgetCategoryFactory

    for i, kind in enumerate(["revenue", "expenditure", "expenditure", "expenditure"]):
        category = BudgetCategoryFactory(kind=kind, name=f"Көрктөндүрүү жана жолдор {i}")
        for year in (2025, 2026):
            BudgetLineFactory(
                year=year,
                category=category,
                planned=Decimal(1_250_000 + i),
                actual=Decimal(1_100_000),
            )
    phone_page.goto("/ky/budget/?year=2026")
    assert phone_page.locator("svg.budget-svg").count() == 3
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
