"""The village's voice to the report back, in a real browser, in Kyrgyz: a needs-assessment
meeting in a village ranks its problems by vote (a tie stays a tie), the office enters the
priority in the register, an initiative group forms, the priority is tied to a plan
activity and a budget line (made with factories: their pages belong to other apps), a
survey runs with a paper answer and an anonymous online one, and the published annual
report and the priority's public page show the thread."""

import datetime
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from community.models import AnnualReport, InitiativeGroup, Priority, Problem, Response, Survey
from tests.budget.factories import BudgetLineFactory
from tests.community.factories import person
from tests.conftest import login_in_browser
from tests.engagement_plan.factories import ActivityFactory
from tests.municipality.factories import VillageFactory

from .conftest import watch_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _submit(page, form="main form[method=post]"):
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()


def test_from_the_village_meeting_to_the_report(page, staff_user, municipality, live_server):
    started = time.monotonic()
    problems = watch_errors(page)
    today = timezone.localdate()
    village = VillageFactory(name="Ак-Суу")
    aigul = person("Асанова Айгүл", village=village, sex="f", birth_year=1985)
    bakyt = person("Токтогулов Бакыт", village=village, sex="m", birth_year=1960)
    login_in_browser(page, staff_user.username)
    page.wait_for_url(lambda url: "/login/" not in url)

    # 1. The needs-assessment meeting in the village ranks its problems by vote.
    page.goto("/ky/community/office/assessments/new/")
    page.select_option("select[name=village]", str(village.pk))
    page.fill("input[name=held_on]", today.isoformat())
    page.select_option("select[name=method]", "vote")
    page.fill("input[name=attendance_total]", "25")
    page.fill("input[name=attendance_women]", "14")
    page.fill("input[name=attendance_men]", "11")
    page.fill("textarea[name=deputies_present]", "Осмонов Т.")
    for n, (title, votes) in enumerate(
        [("Ичүүчү суу жок", 18), ("Көпүрө бузулган", 18), ("Жол начар", 5)]
    ):
        page.fill(f"input[name=problems-{n}-title]", title)
        page.fill(f"input[name=problems-{n}-votes]", str(votes))
    _submit(page)
    ranks = dict(Problem.objects.values_list("title", "rank"))
    assert ranks == {"Ичүүчү суу жок": 1, "Көпүрө бузулган": 1, "Жол начар": 3}
    assert "Осмонов Т." in page.inner_text("main")

    # 2. The office enters the first problem in the priority register.
    water = Problem.objects.get(title="Ичүүчү суу жок")
    page.goto("/ky/community/office/priorities/new/")
    page.fill("input[name=title]", "Ичүүчү суу")
    page.fill("input[name=rank]", "1")
    page.check(f"input[name=problems][value='{water.pk}']")
    _submit(page)
    priority = Priority.objects.get(title_ky="Ичүүчү суу")
    assert list(priority.villages.all()) == [village]

    # 3. An initiative group forms from people of the register.
    group = f"form[action$='/priorities/{priority.pk}/group/']"
    page.fill(f"{group} input[name=name]", "Таза суу демилгелүү тобу")
    page.fill(f"{group} input[name=formed_on]", today.isoformat())
    page.check(f"{group} input[name=people][value='{aigul.pk}']")
    page.check(f"{group} input[name=people][value='{bakyt.pk}']")
    page.select_option(f"{group} select[name=leader]", str(aigul.pk))
    _submit(page, group)
    assert InitiativeGroup.objects.get(priority=priority).members.count() == 2

    # 4. The plan activity and the budget line (from their apps) are tied to the priority.
    activity = ActivityFactory(title="Суу түтүгүн оңдоо")
    line = BudgetLineFactory(year=today.year, planned=Decimal("250000"))
    manage = f"/ky/community/office/priorities/{priority.pk}/"
    link = f"form[action$='/priorities/{priority.pk}/link/']"
    for name, target in (("plan_activity", activity), ("budget_line", line)):
        page.goto(manage)
        page.select_option(f"{link} select[name={name}]", str(target.pk))
        _submit(page, link)
    assert priority.links.count() == 2

    # 5. A survey: built, opened, one paper answer entered, one anonymous online answer.
    page.goto("/ky/community/office/surveys/new/")
    page.fill("input[name=title]", "Суу боюнча сурамжылоо")
    page.fill("input[name=opens_on]", today.isoformat())
    page.fill("input[name=closes_on]", (today + datetime.timedelta(days=7)).isoformat())
    page.check("input[name=allow_anonymous]")
    page.fill("textarea[name=questions]", "single: Суу күн сайын келеби? | Ооба | Жок")
    _submit(page)
    survey = Survey.objects.get()
    submit_open = f"form[action$='/surveys/{survey.pk}/open/']"
    _submit(page, submit_open)
    question = survey.questions.get()
    yes, no = question.options.order_by("order")
    page.goto(f"/ky/community/office/surveys/{survey.pk}/paper/")
    page.select_option("select[name=person]", str(bakyt.pk))
    page.check(f"input[name=q{question.pk}][value='{no.pk}']")
    _submit(page)
    visitor = page.context.browser.new_context(base_url=live_server.url)
    online = visitor.new_page()
    online.goto(f"/ky/community/surveys/{survey.pk}/")
    online.check(f"input[name=q{question.pk}][value='{yes.pk}']")
    _submit(online)
    assert f"/surveys/{survey.pk}/results/" in online.url
    counts = online.request.get(f"/ky/community/surveys/{survey.pk}/results.json").json()
    assert counts["channels"] == {"online": 0, "paper": 1, "anonymous": 1}
    assert Response.objects.filter(survey=survey).count() == 2

    # 6. The annual report is drafted and published; the village sees the thread.
    page.goto(f"/ky/community/office/reports/{today.year}/")
    page.fill("textarea[name=introduction]", "Урматтуу айылдаштар, суу маселеси биринчи орунда.")
    _submit(page)
    _submit(page, f"form[action$='/reports/{today.year}/publish/']")
    assert AnnualReport.objects.get().status == AnnualReport.Status.PUBLISHED
    online.goto(f"/ky/community/reports/{today.year}/")
    report = online.inner_text("main")
    assert "Урматтуу айылдаштар" in report and "Ичүүчү суу" in report
    online.goto(f"/ky/community/priorities/{priority.pk}/")
    thread = online.inner_text("main")
    for step in ("Ак-Суу", "Таза суу демилгелүү тобу", "Суу түтүгүн оңдоо", str(today.year)):
        assert step in thread, step
    steps = online.locator(".thread > li")
    assert steps.count() == 8
    # Step 8, the report that told the village, is reached and links to the report.
    assert steps.nth(7).locator(f"a[href$='/reports/{today.year}/']").count() == 1
    visitor.close()
    assert problems == []
    assert time.monotonic() - started < 60
