"""A visitor (no account) goes through the public side of the demo cycle: the notice board,
the engagement plan and its draft under discussion, contest results, the budget and its
hearings, the monitoring group's protocols, and downloads an official PDF."""

import pytest

from budget.models import Hearing
from engagement_plan.models import Plan
from initiatives.models import Contest
from monitoring.models import MonitoringGroup

from .conftest import pdf_text, watch_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Same primary keys in every journey: the demo documents render to the same HTML.
    pytest.mark.django_db(transaction=True, serialized_rollback=True, reset_sequences=True),
]

TEXTS = {
    "ky": {
        "emergency": "Сел коркунучу",
        "notice": "Таштанды ташуунун жаңы графиги",
        "notice_body": "шейшемби жана жума күндөрү",
        "plan": "Жергиликтүү жамаатты тартуу планы",
        "answer": "Жыйындар саат 18:00дө өтөт.",
        "discussion": "Коомдук талкуу",
        "contest": "Жаштардын бош убактысы жана спорт демилгелери",
        "budget": "Жарандык бюджет",
        "group": "Ак-Булуң айыл аймагынын биргелешкен мониторинг жана баалоо тобу",
        "subject": "Ичүүчү суу түтүгүн оңдоо",
    },
    "ru": {
        "emergency": "Угроза селя",
        "notice": "Новый график вывоза мусора",
        "notice_body": "по вторникам и пятницам",
        "plan": "План вовлечения местного сообщества",
        "answer": "Жыйындар саат 18:00дө өтөт.",  # the staff answer is content, typed once
        "discussion": "Общественное обсуждение",
        "contest": "Инициативы молодёжи: досуг и спорт",
        "budget": "Гражданский бюджет",
        "group": "Группа совместного мониторинга и оценки айылного аймака Ак-Булун",
        "subject": "Ремонт водопровода",
    },
}


def _visitor_journey(page, language):
    t = TEXTS[language]
    problems = watch_errors(page)
    prefix = f"/{language}"

    # Home: the emergency notice on top, the header menu leads everywhere.
    page.goto(f"{prefix}/")
    assert page.locator("html").get_attribute("lang") == language
    assert t["emergency"] in page.inner_text("main")

    # The notice board and one notice.
    page.click(f"header a[href='{prefix}/notices/']")
    page.wait_for_url(f"**{prefix}/notices/")
    # The demo's board is three pages long: the board's search finds an older notice.
    page.fill("main input[name=q]", t["notice"])
    page.press("main input[name=q]", "Enter")
    page.wait_for_url(f"**{prefix}/notices/?*")
    page.click(f"main a:has-text('{t['notice']}')")
    page.wait_for_url(f"**{prefix}/notices/*/")
    assert t["notice_body"] in page.inner_text("main")

    # The plan in force (with the answer to a resident's comment) and the draft in discussion.
    page.click(f"header a[href='{prefix}/plan/']")
    page.wait_for_url(f"**{prefix}/plan/")
    main = page.inner_text("main")
    assert t["plan"] in main and t["answer"] in main
    draft = Plan.objects.get(status=Plan.Status.DISCUSSION)
    page.click(f"main a[href='{prefix}/plan/{draft.pk}/'] >> nth=0")
    page.wait_for_url(f"**{prefix}/plan/{draft.pk}/")
    main = page.inner_text("main")
    assert t["discussion"] in main and "Алыскы айылдарда да жыйын өткөрүңүздөр." in main
    assert page.locator(f"a[href^='{prefix}/accounts/login/?next=']").count() >= 1

    # The order approving the working group: a real PDF, in Kyrgyz.
    page.goto(f"{prefix}/plan/")
    with page.expect_download() as download_info:
        page.click("main a[download] >> nth=0")
    text = pdf_text(download_info.value.path())
    assert "Жергиликтүү жамаатты тартуу" in text

    # Contest results: the winners and their scores are public.
    results = Contest.objects.get(status=Contest.Status.RESULTS)
    page.click(f"header a[href='{prefix}/initiatives/']")
    page.wait_for_url(f"**{prefix}/initiatives/")
    page.click(f"main a[href='{prefix}/initiatives/{results.pk}/'] >> nth=0")
    page.wait_for_url(f"**{prefix}/initiatives/{results.pk}/")
    assert t["contest"] in page.inner_text("main h1")
    assert page.locator(".winners").count() == 1
    assert page.locator(".winners").inner_text().strip()

    # The budget page and the announced hearing.
    page.click(f"header a[href='{prefix}/budget/']")
    page.wait_for_url(f"**{prefix}/budget/")
    assert t["budget"] in page.inner_text("main h1")
    assert page.locator("main svg").count() >= 1
    hearing = Hearing.objects.get(status=Hearing.Status.ANNOUNCED)
    page.goto(f"{prefix}/budget/hearings/")
    page.click(f"main a[href='{prefix}/budget/hearings/{hearing.pk}/'] >> nth=0")
    page.wait_for_url(f"**{prefix}/budget/hearings/{hearing.pk}/")
    assert page.locator(f"a[href^='{prefix}/accounts/login/']").count() >= 1

    # Monitoring: the group, a published protocol and its PDF.
    group = MonitoringGroup.objects.get()
    page.click(f"header a[href='{prefix}/monitoring/']")
    page.wait_for_url(f"**{prefix}/monitoring/")
    assert t["group"] in page.inner_text("main")
    page.click(f"main a[href='{prefix}/monitoring/groups/{group.pk}/'] >> nth=0")
    page.wait_for_url(f"**{prefix}/monitoring/groups/{group.pk}/")
    page.goto(f"{prefix}/monitoring/")
    page.click(f"main a:has-text('{t['subject']}') >> nth=0")
    page.wait_for_url(f"**{prefix}/monitoring/protocols/*/")
    assert page.locator("main a[href$='.pdf']").count() >= 1

    # Nothing on the way failed or was blocked.
    assert problems == []


def test_visitor_in_kyrgyz(page, demo):
    _visitor_journey(page, "ky")


def test_visitor_in_russian(page, demo):
    _visitor_journey(page, "ru")
