"""The whole contest journey in a real browser, in Kyrgyz."""

import datetime

import pytest
from django.utils import timezone

from initiatives import services
from initiatives.models import Application, Contest
from tests.conftest import login_in_browser
from tests.initiatives.factories import CommissionMemberFactory, ContestFactory
from tests.municipality.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def as_user(page, user):
    page.context.clear_cookies()
    login_in_browser(page, user.username)
    page.wait_for_load_state()


def test_contest_journey(page, municipality):
    staff = UserFactory(username="staffer", roles=["staff"])
    head = UserFactory(username="head1", roles=["head", "staff"])
    resident = UserFactory(username="resident9")
    contest = ContestFactory(status=Contest.Status.ACCEPTING, title="Жаштар сынагы")
    members = [
        CommissionMemberFactory(
            contest=contest,
            is_chair=i == 0,
            user=UserFactory(username=f"member{i}", roles=["commission_member"]),
        )
        for i in range(3)
    ]
    services.commission_appoint(actor=head, contest=contest)
    issue = contest.directions.first()

    # A resident applies with an attachment.
    as_user(page, resident)
    page.goto(f"/ky/initiatives/{contest.pk}/apply/")
    page.check("input[name=kind][value=group]")
    page.fill("input[name=organisation]", "Жаштар күчү")
    page.fill("textarea[name=group_members]", "Асан\nҮсөн")
    page.fill("input[name=title]", "Спорт аянтчасы")
    page.check(f"input[name=local_issues][value='{issue.pk}']")
    page.fill("textarea[name=problem]", "Жаштар үчүн аянтча жок.")
    page.fill("input[name=beneficiaries_count]", "120")
    page.fill("input[name=beneficiaries_who]", "жаштар")
    page.fill("input[name=est-0-item]", "Тренажерлор")
    page.fill("input[name=est-0-quantity]", "2")
    page.fill("input[name=est-0-unit_price]", "18000")
    page.fill("input[name=requested_sum]", "30000")
    page.fill("input[name=contribution_cash]", "3000")
    page.fill("input[name=contribution_ashar]", "3000")
    page.set_input_files(
        "input[name=attachments]",
        files=[{"name": "smeta.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("button[name=action][value=submit]")
    page.wait_for_selector(".registration-number")
    application = Application.objects.get()
    assert application.status == "submitted" and application.attachments.count() == 1
    assert page.inner_text(".registration-number") == application.registration_number

    # Staff mark it eligible and close the window.
    as_user(page, staff)
    page.goto(f"/ky/initiatives/office/applications/{application.pk}/")
    page.check("input[name=eligible][value=yes]")
    page.click("form.eligibility-form button[type=submit]")
    page.wait_for_url(f"**/office/{contest.pk}/")
    # Intake closes only once the published deadline has passed (issue 14).
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Contest.objects.filter(pk=contest.pk).update(window_closes=yesterday)
    page.reload()
    page.click("form:has(input[name=to][value=evaluation]) button")
    page.wait_for_selector(".contest-status")
    assert Contest.objects.get().status == "evaluation"

    # Three members declare no conflict and score.
    for member in members:
        as_user(page, member.user)
        page.goto(f"/ky/initiatives/commission/applications/{application.pk}/")
        page.check("input[name=has_conflict][value=no]")
        page.click("form:has(input[name=step][value=declare]) button[type=submit]")
        page.wait_for_selector("input[name=step][value=score]", state="attached")
        for field in page.locator("input[name^=value_]").all():
            field.fill("8")
        page.click("button[name=action][value=submit]")
        page.wait_for_selector(".alert-success")

    # Too early for the head's order: the office page says the protocol comes first.
    as_user(page, head)
    page.goto(f"/ky/initiatives/office/{contest.pk}/")
    assert page.locator(".order-too-early").count() == 1
    assert page.locator("form:has(input[name=to][value=results])").count() == 0

    # The sitting: staff put the protocol up for signing, two of three members sign it (the
    # quorum), staff adopt it.
    as_user(page, staff)
    page.goto(f"/ky/initiatives/office/{contest.pk}/")
    page.click("form:has(input[name=to][value=protocol]) button")
    page.wait_for_selector(".protocol-progress")
    for member in members[:2]:
        as_user(page, member.user)
        page.goto(f"/ky/initiatives/commission/{contest.pk}/")
        page.click(".protocol-to-sign button")
        page.wait_for_selector(".alert-success")
    as_user(page, staff)
    page.goto(f"/ky/initiatives/office/{contest.pk}/")
    page.click("form:has(input[name=to][value=adopted]) button")
    page.wait_for_selector(".contest-status")
    assert Contest.objects.get().status == "adopted"

    # The head approves the results.
    as_user(page, head)
    page.goto(f"/ky/initiatives/office/{contest.pk}/")
    page.click("form:has(input[name=to][value=results]) button")
    page.wait_for_selector(".contest-status")
    application.refresh_from_db()
    assert application.status == "selected"

    # The resident sees the result; the public page shows the winners.
    as_user(page, resident)
    page.goto(f"/ky/initiatives/applications/{application.pk}/")
    assert "Каржыланат" in page.inner_text(".application-reason")
    page.context.clear_cookies()
    page.goto(f"/ky/initiatives/{contest.pk}/")
    assert "Спорт аянтчасы" in page.inner_text(".winners")


def test_application_form_fits_a_phone(phone_page, municipality):
    resident = UserFactory(username="phoneuser")
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    login_in_browser(phone_page, resident.username)
    phone_page.wait_for_load_state()
    for url in (f"/ky/initiatives/{contest.pk}/", f"/ky/initiatives/{contest.pk}/apply/"):
        phone_page.goto(url)
        width = phone_page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 362, (url, width)
    phone_page.fill("input[name=title]", "Телефондон")
    phone_page.click("button[name=action][value=save]")
    phone_page.wait_for_selector(".alert-success")
    assert Application.objects.get().title == "Телефондон"
