"""The whole of seed 004 in a browser: working group → draft → discussion → approval → public."""

import datetime
import subprocess

import pytest
from django.utils import timezone

from engagement_plan.models import Plan
from tests.conftest import login_in_browser
from tests.municipality.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEMBERS = [
    ("Асанова Бермет", "lsg", "f", False),
    ("Токтогулов Бакыт", "lsg", "m", False),
    ("Эшимов Талант", "lsg", "m", False),
    ("Жолдошева Динара", "kenesh", "f", False),
    ("Мамбетов Улан", "kenesh", "m", False),
    ("Сейитова Асел", "community", "f", True),
    ("Орозбаев Канат", "community", "m", False),
]


def new_tab(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def login(page, username):
    login_in_browser(page, username)
    page.wait_for_url(lambda url: "/login/" not in url)


def submit(page, action_suffix):
    page.click(f"form[action$='{action_suffix}'] button[type=submit]")
    page.wait_for_load_state()


def test_staff_resident_head_and_visitor(chromium, live_server, municipality):
    UserFactory(username="clerk", roles=["staff"])
    UserFactory(username="boss", roles=["head"])
    UserFactory(username="aigul", full_name="Тургун Айгүл")
    year = timezone.localdate().year
    gathering_at = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT18:00")

    # Staff: the working group and its members
    context, page = new_tab(chromium, live_server)
    login(page, "clerk")
    page.goto("/ky/plan/office/groups/new/")
    page.fill("input[name=title]", "Тартуу планынын жумушчу тобу")
    page.fill("input[name=head_name]", "Асанова Гүлнара")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/office/groups/*/")
    for name, category, sex, youth in MEMBERS:
        page.fill("input[name=full_name]", name)
        page.select_option("select[name=category]", category)
        page.check(f"input[name=sex][value={sex}]")
        if youth:  # 4.4: a minority, persons with disabilities and another social group
            page.check("input[name=is_youth]")
            page.check("input[name=is_ethnic_minority]")
            page.check("input[name=is_disabled]")
        submit(page, "/members/")
    assert page.locator("#rule-failures").count() == 0
    group_url = page.url

    # Staff: a draft plan with one activity, then open the discussion
    page.goto("/ky/plan/office/plans/new/")
    page.fill("input[name=title_ky]", "Жамаатты тартуу планы")
    page.fill("input[name=period_start]", str(year))
    page.fill("input[name=period_end]", str(year + 1))
    page.select_option("select[name=working_group]", label="Тартуу планынын жумушчу тобу")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/office/plans/*/")
    page.click("main details summary >> nth=0")
    page.fill("form[action$='/activities/'] input[name=title_ky]", "Айылдык жыйын өткөрүү")
    page.select_option("select[name=direction]", "engaging")
    page.select_option("select[name=form]", "gathering")
    # a missing responsible person is refused and nothing typed is lost
    submit(page, "/activities/")
    assert page.locator("form[action$='/activities/'] input[name=title_ky]").input_value() == (
        "Айылдык жыйын өткөрүү"
    )
    page.fill("input[name=responsible]", "Токтогулов Бакыт")
    page.fill("input[name=deadline]", f"{year + 1}-03-01")
    submit(page, "/activities/")
    page.fill("input[name=gathering_at]", gathering_at)
    page.fill("form[action$='/discussion/'] input[name=place]", "Маданият үйү")
    submit(page, "/discussion/")
    plan = Plan.objects.get()
    assert plan.status == Plan.Status.DISCUSSION
    # The gathering takes place (its record is refused before the announced day).
    Plan.objects.filter(pk=plan.pk).update(
        gathering_at=timezone.now() - datetime.timedelta(hours=1)
    )
    plan_office_url = page.url.split("#")[0]

    # Resident: reads the draft and comments
    r_context, resident = new_tab(chromium, live_server)
    login(resident, "aigul")
    resident.goto("/ky/plan/")
    assert "Айылдык жыйын өткөрүү" in resident.content()
    resident.fill("textarea[name=text]", "Жыйынды кечинде өткөрүңүздөр.")
    submit(resident, "/comment/")
    assert "Жыйынды кечинде өткөрүңүздөр." in resident.content()
    r_context.close()

    # Staff: record the gathering and answer the comment
    page.goto(plan_office_url)
    page.click("summary:has-text('')  >> nth=-1")
    page.fill("form[action$='/gathering/'] input[name=held_on]", timezone.localdate().isoformat())
    page.fill("form[action$='/gathering/'] input[name=place]", "Маданият үйү")
    page.fill("form[action$='/gathering/'] input[name=chair_name]", "Мамытов Бакыт")
    page.fill("form[action$='/gathering/'] textarea[name=minutes]", "Пландын долбоору окулду.")
    page.fill("form[action$='/gathering/'] textarea[name=decisions]", "Планды колдоо.")
    page.fill("form[action$='/gathering/'] input[name=attendance_total]", "35")
    page.fill("form[action$='/gathering/'] input[name=attendance_women]", "20")
    submit(page, "/gathering/")
    page.check("form[action$='/answer/'] input[value=accepted]")
    page.fill("form[action$='/answer/'] textarea", "Жыйын саат 18:00дө болот.")
    submit(page, "/answer/")
    context.close()

    # Head: approve the composition and the plan by order, put it in force
    h_context, head = new_tab(chromium, live_server)
    login(head, "boss")
    head.goto(group_url)
    submit(head, "/approve/")
    assert "Download PDF" in head.content() or head.locator("a[download]").count() == 1
    head.goto(plan_office_url)
    # Two directions have no activity yet: the head approves with a recorded justification.
    head.fill("textarea[name=justification]", "Калган багыттар кийинки чейректе кошулат.")
    submit(head, "/approve/")
    submit(head, "/in-force/")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.IN_FORCE
    h_context.close()

    # Visitor: sees the approved plan, the answer, and downloads the order
    v_context, visitor = new_tab(chromium, live_server)
    visitor.goto("/ky/plan/")
    html = visitor.content()
    assert "Жамаатты тартуу планы" in html and "Айылдык жыйын өткөрүү" in html
    assert "Жыйын саат 18:00дө болот." in html
    order_link = visitor.locator("li:has-text('тартуу планын бекитүү жөнүндө') a[download]")
    with visitor.expect_download() as download_info:
        order_link.click()
    path = download_info.value.path()
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Жергиликтүү жамаатты тартуу планын бекитүү жөнүндө" in " ".join(text.split())
    v_context.close()
