"""A resident signs up, applies to the contest that accepts applications, sends a proposal
before the announced budget hearing and comments on the plan under discussion."""

import re

import pytest

from budget.models import Hearing, Proposal
from engagement_plan.models import Comment, Plan
from initiatives.models import Application, Contest
from municipality.models import OutboxMessage, User

from .conftest import watch_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Same primary keys in every journey: the demo documents render to the same HTML.
    pytest.mark.django_db(transaction=True, serialized_rollback=True, reset_sequences=True),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

TEXTS = {
    "ky": {
        "name": "Токтоматова Гүлнур",
        "phone": "0700 123 456",
        "project": "Балдар аянтчасына көлөкө жай",
        "proposal": "Балдар бакчасынын чатырын оңдоого каражат кошуу керек.",
        "comment": "Жаштар менен жолугушууну мектепте өткөрүңүздөр.",
        "village": "Жаңы-Жер",
    },
    "ru": {
        "name": "Токтоматова Гульнур",
        "phone": "0700 654 321",
        "project": "Навес на детской площадке",
        "proposal": "Нужно добавить средства на ремонт крыши детского сада.",
        "comment": "Проведите встречу с молодёжью в школе.",
        "village": "Жаны-Жер",
    },
}


def _resident_journey(page, language):
    t = TEXTS[language]
    prefix = f"/{language}"
    problems = watch_errors(page)

    # Sign up from the header link.
    page.goto(f"{prefix}/")
    page.click(f"header a[href='{prefix}/accounts/signup/']")
    page.wait_for_url(f"**{prefix}/accounts/signup/")
    page.fill("input[name=full_name]", t["name"])
    page.fill("input[name=phone]", t["phone"])
    page.fill("input[name=password1]", "Jashyl-Too-2026")
    page.fill("input[name=password2]", "Jashyl-Too-2026")
    page.select_option("select[name=sex]", "f")
    page.fill("input[name=birth_year]", "1990")
    page.select_option("select[name=village]", label=t["village"])
    page.click("main form[method=post] button[type=submit]")
    # The account works once the code sent by SMS is typed (issue 12, items 3 and 6).
    page.wait_for_url(f"**{prefix}/accounts/signup/code/")
    user = User.objects.get(full_name=t["name"])
    sms = OutboxMessage.objects.filter(recipient=user.phone).latest("pk")
    page.fill("input[name=code]", re.search(r"\d{6}", sms.body).group(0))
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**{prefix}/accounts/me/")

    # Apply to the contest that accepts applications.
    contest = Contest.objects.get(status=Contest.Status.ACCEPTING)
    page.click(f"header a[href='{prefix}/initiatives/']")
    page.click(f"main a[href='{prefix}/initiatives/{contest.pk}/'] >> nth=0")
    page.wait_for_url(f"**{prefix}/initiatives/{contest.pk}/")
    page.click(f"main a[href$='/initiatives/{contest.pk}/apply/'] >> nth=0")
    page.wait_for_url(f"**/initiatives/{contest.pk}/apply/")
    page.check("input[name=kind][value=individual]")
    page.fill("input[name=title]", t["project"])
    page.check("input[name=local_issues] >> nth=0")
    page.fill("textarea[name=problem]", t["project"])
    page.fill("input[name=beneficiaries_count]", "80")
    page.fill("input[name=beneficiaries_who]", t["village"])
    page.fill("input[name=act-0-description]", t["project"])
    page.fill("input[name=est-0-item]", t["project"])
    page.fill("input[name=est-0-quantity]", "1")
    page.fill("input[name=est-0-unit_price]", "30000")
    page.fill("input[name=requested_sum]", "27000")
    page.fill("input[name=contribution_cash]", "3000")
    page.set_input_files(
        "input[name=attachments]",
        files=[{"name": "smeta.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("button[name=action][value=submit]")
    page.wait_for_selector(".registration-number")
    application = Application.objects.get(applicant=user)
    assert application.status == Application.Status.SUBMITTED
    assert page.inner_text(".registration-number") == application.registration_number

    # Send a proposal before the announced budget hearing.
    hearing = Hearing.objects.get(status=Hearing.Status.ANNOUNCED)
    page.click(f"header a[href='{prefix}/budget/']")
    page.goto(f"{prefix}/budget/hearings/")
    page.click(f"main a[href='{prefix}/budget/hearings/{hearing.pk}/'] >> nth=0")
    page.fill("textarea[name=text]", t["proposal"])
    page.select_option("select[name=budget_line]", index=1)
    page.click(f"form[action$='/hearings/{hearing.pk}/propose/'] button[type=submit]")
    page.wait_for_selector("#my-proposals")
    assert t["proposal"] in page.inner_text("#my-proposals")
    assert Proposal.objects.get(author=user).hearing_id == hearing.pk

    # Comment on the draft plan under discussion.
    draft = Plan.objects.get(status=Plan.Status.DISCUSSION)
    page.click(f"header a[href='{prefix}/plan/']")
    page.click(f"main a[href='{prefix}/plan/{draft.pk}/'] >> nth=0")
    page.wait_for_url(f"**{prefix}/plan/{draft.pk}/")
    page.fill("textarea[name=text]", t["comment"])
    page.click("form[action$='/comment/'] button[type=submit]")
    page.wait_for_load_state()
    assert t["comment"] in page.inner_text("main")
    assert Comment.objects.filter(plan=draft, author=user).count() == 1

    assert problems == []


def test_resident_in_kyrgyz(page, demo):
    _resident_journey(page, "ky")


def test_resident_in_russian(page, demo):
    _resident_journey(page, "ru")
