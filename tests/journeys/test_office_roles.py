"""Each office role does its part of the demo cycle in a real browser, in Kyrgyz, and the
result shows on the public side: staff, head, kenesh secretary, commission member, and
monitoring members (a member files a protocol, the chair signs it)."""

import datetime

import pytest
from django.utils import timezone

from engagement_plan.models import Comment, Plan
from initiatives.models import Application, Contest
from monitoring.models import MonitoringGroup, Protocol, Subject
from municipality.models import Notice, User

from .conftest import DEMO_PASSWORD, as_user, pdf_text, watch_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Same primary keys in every journey: the demo documents render to the same HTML.
    pytest.mark.django_db(transaction=True, serialized_rollback=True, reset_sequences=True),
]


def test_staff_publishes_a_notice_answers_a_comment_and_checks_an_application(page, demo):
    problems = watch_errors(page)
    as_user(page, "staff")

    # A notice for the board, in both languages.
    page.goto("/ky/office/")
    page.click("main a[href='/ky/office/notices/'] >> nth=0")
    page.goto("/ky/office/notices/new/")
    page.fill("input[name=title_ky]", "Жаз мезгилиндеги ашар")
    page.fill("input[name=title_ru]", "Весенний ашар")
    page.fill("textarea[name=body_ky]", "Ишемби күнү бардык көчөлөрдү чогуу тазалайбыз.")
    page.fill("textarea[name=body_ru]", "В субботу вместе убираем все улицы.")
    page.click("button[name=publish]")
    page.wait_for_load_state()
    page.click("input[name=confirm] + button")  # the page with the counts of messages
    page.wait_for_load_state()
    assert Notice.objects.filter(title_ky="Жаз мезгилиндеги ашар", status="published").exists()

    # The answer to a resident's comment on the draft plan.
    draft = Plan.objects.get(status=Plan.Status.DISCUSSION)
    comment = Comment.objects.get(plan=draft, author__username="resident2")
    page.goto(f"/ky/plan/office/plans/{draft.pk}/")
    form = f"form[action$='/comments/{comment.pk}/answer/']"
    page.check(f"{form} input[value=accepted]")
    page.fill(f"{form} textarea", "Ар бир айылда жыйын өтөт.")
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()
    comment.refresh_from_db()
    assert comment.answer == Comment.Answer.ACCEPTED

    # An application in the open contest is checked for eligibility.
    contest = Contest.objects.get(status=Contest.Status.ACCEPTING)
    application = contest.applications.filter(status=Application.Status.SUBMITTED).first()
    page.goto(f"/ky/initiatives/office/{contest.pk}/")
    page.click(f"main a[href$='/office/applications/{application.pk}/']")
    page.check("input[name=eligible][value=yes]")
    page.click("form.eligibility-form button[type=submit]")
    page.wait_for_url(f"**/office/{contest.pk}/")
    application.refresh_from_db()
    assert application.status != Application.Status.SUBMITTED

    # The public side shows the notice and the answer.
    page.context.clear_cookies()
    page.goto("/ky/notices/?q=ашар")
    assert "Жаз мезгилиндеги ашар" in page.inner_text("main")
    page.goto(f"/ky/plan/{draft.pk}/")
    assert "Ар бир айылда жыйын өтөт." in page.inner_text("main")
    assert problems == []


def test_commission_member_scores_then_head_approves_the_results(page, demo, tmp_path):
    problems = watch_errors(page)
    contest = Contest.objects.get(status=Contest.Status.EVALUATION)
    # The demo's fourth member has no password yet: the administrator sets one.
    member = User.objects.get(username="commission4")
    member.set_password(DEMO_PASSWORD)
    member.save()

    # Two members who have not scored yet declare no conflict and score every application
    # (the quorum is 2/3 of the five members).
    for username in ("commission3", "commission4"):
        as_user(page, username)
        page.goto("/ky/initiatives/commission/")
        page.click(f"main a[href$='/commission/{contest.pk}/']")
        page.wait_for_url(f"**/commission/{contest.pk}/")
        links = [
            a.get_attribute("href") for a in page.locator("main a[href*='/applications/']").all()
        ]
        assert len(links) == contest.applications.count() >= 2
        for href in links:
            page.goto(href)
            page.check("input[name=has_conflict][value=no]")
            page.click("form:has(input[name=step][value=declare]) button[type=submit]")
            page.wait_for_selector("input[name=step][value=score]", state="attached")
            for field in page.locator("input[name^=value_]").all():
                field.fill("7")
            for field in page.locator("textarea[name^=comment_]").all():
                field.fill("Долбоор негиздүү, сметасы реалдуу.")
            with page.expect_navigation():
                page.click("button[name=action][value=submit]")
            assert page.locator(".alert-danger, .invalid-feedback").count() == 0
        page.goto(f"/ky/initiatives/commission/{contest.pk}/")
        assert "Билдирүү керек" not in page.inner_text("main")

    # The sitting: staff put the protocol up for signing, four of the five members sign it
    # (the quorum), staff adopt it; only then the head's order.
    as_user(page, "staff")
    page.goto(f"/ky/initiatives/office/{contest.pk}/")
    page.click("form:has(input[name=to][value=protocol]) button")
    page.wait_for_selector(".protocol-progress")
    for username in ("commission1", "commission2", "commission3", "commission4"):
        as_user(page, username)
        page.goto(f"/ky/initiatives/commission/{contest.pk}/")
        page.click(".protocol-to-sign button")
        page.wait_for_selector(".alert-success")
    as_user(page, "staff")
    page.goto(f"/ky/initiatives/office/{contest.pk}/")
    page.click("form:has(input[name=to][value=adopted]) button")
    page.wait_for_selector(".contest-status")
    contest.refresh_from_db()
    assert contest.status == Contest.Status.ADOPTED, page.inner_text("main")

    # The head approves the results (the protocol is adopted).
    as_user(page, "head")
    page.goto(f"/ky/initiatives/office/{contest.pk}/")
    page.click("form:has(input[name=to][value=results]) button")
    page.wait_for_selector(".contest-status")
    contest.refresh_from_db()
    assert contest.status == Contest.Status.RESULTS, page.inner_text("main")
    assert contest.applications.filter(status=Application.Status.SELECTED).exists()

    # A visitor sees the winners and downloads the results order as a PDF in Kyrgyz.
    page.context.clear_cookies()
    page.goto(f"/ky/initiatives/{contest.pk}/")
    assert page.inner_text(".winners").strip()
    document = contest.results_order
    page.goto(f"/ky/documents/{document.pk}/")
    href = page.get_attribute("main a[href$='/pdf/']", "href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "order.pdf"
    pdf.write_bytes(response.body())
    assert "буйрук" in pdf_text(pdf).lower()
    assert problems == []


def test_kenesh_secretary_adds_a_monitoring_subject(page, demo):
    problems = watch_errors(page)
    group = MonitoringGroup.objects.get()
    as_user(page, "kenesh")
    page.goto(f"/ky/monitoring/groups/{group.pk}/")
    page.click(f"main a[href$='/groups/{group.pk}/manage/']")
    page.wait_for_url(f"**/groups/{group.pk}/manage/")
    visit = timezone.localdate() + datetime.timedelta(days=40)
    page.select_option("select[name=subject-kind]", "other")
    page.fill("input[name=subject-title]", "Көпүрөнү оңдоо")
    page.fill("input[name=subject-title_ru]", "Ремонт моста")
    page.fill("input[name=subject-planned_visits]", visit.strftime("%d.%m.%Y"))
    page.click("button[name=add_subject]")
    page.wait_for_load_state()
    assert Subject.objects.filter(group=group, title_ky="Көпүрөнү оңдоо").exists()
    page.context.clear_cookies()
    page.goto(f"/ky/monitoring/groups/{group.pk}/")
    assert "Көпүрөнү оңдоо" in page.inner_text("main")
    assert problems == []


def test_monitoring_member_files_a_protocol_and_the_chair_signs_it(phone_page, demo):
    page = phone_page
    problems = watch_errors(page)
    group = MonitoringGroup.objects.get()
    published = Protocol.objects.filter(status=Protocol.Status.PUBLISHED).count()

    # A member, on a phone, files a protocol on the planned visit.
    as_user(page, "monitor2")
    page.goto("/ky/monitoring/my/")
    page.wait_for_url(f"**/monitoring/my/{group.pk}/")
    page.click("form[action$='/protocols/new/'] button >> nth=-1")
    page.wait_for_url("**/edit/")
    page.fill("input[name=address]", "Маданият үйүнүн алды")
    # Everyone came: the chair signs only with a quorum of the group confirming.
    for box in page.locator("input[name=members_present]").all():
        box.check()
    for name in {
        n
        for n in page.locator("input[type=radio][name^=q]").evaluate_all(
            "els => els.map(e => e.name)"
        )
    }:
        page.check(f"input[name='{name}'][value=yes]")
    page.fill("textarea[name=findings]", "Жыйын өттү, көчө чырактары орнотула баштады.")
    page.fill("textarea[name='rec-0-text']", "Калган көчөлөргө да чырак орнотуу")
    page.click("button[name=submit]")
    page.wait_for_url("**/monitoring/protocols/*/")
    protocol = Protocol.objects.exclude(status=Protocol.Status.PUBLISHED).get()
    assert protocol.status == Protocol.Status.SUBMITTED
    assert page.evaluate("document.documentElement.scrollWidth") <= 361

    # The chair signs it; it is published with its PDF.
    as_user(page, "monitor1")
    page.goto(f"/ky/monitoring/protocols/{protocol.pk}/sign/")
    page.click("button[name=sign]")
    page.wait_for_url(f"**/monitoring/protocols/{protocol.pk}/")
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.PUBLISHED and protocol.document.file
    assert Protocol.objects.filter(status=Protocol.Status.PUBLISHED).count() == published + 1

    page.context.clear_cookies()
    page.goto("/ky/monitoring/")
    assert "Маданият үйүнүн алды" in page.inner_text("main")
    assert problems == []
