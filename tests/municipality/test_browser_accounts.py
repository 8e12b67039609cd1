import re

import pytest

from municipality.models import OutboxMessage, User
from tests.municipality.factories import VillageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_resident_signs_up_logs_out_and_in_again(page, municipality):
    VillageFactory(name="Кара-Суу")
    problems = []
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and "Failed to load resource" not in msg.text
            and problems.append(msg.text)
        ),
    )
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and not r.url.endswith("/favicon.ico")
            and problems.append(f"{r.status} {r.url}")
        ),
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto("/ky/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "ky"
    page.fill("input[name=full_name]", "Осмонова Айгерим")
    page.fill("input[name=phone]", "0555 987 654")
    page.fill("input[name=password1]", "Toolor-Jaz-2024")
    page.fill("input[name=password2]", "Toolor-Jaz-2024")
    page.select_option("select[name=sex]", "f")
    page.fill("input[name=birth_year]", "1995")
    page.select_option("select[name=village]", label="Кара-Суу")
    page.click("main form[method=post] button[type=submit]")
    # The account works once the code sent by SMS is typed (issue 12, items 3 and 6).
    page.wait_for_url("**/ky/accounts/signup/code/")
    sms = OutboxMessage.objects.filter(recipient="+996555987654").latest("pk")
    page.fill("input[name=code]", re.search(r"\d{6}", sms.body).group(0))
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/ky/accounts/me/")
    assert "Осмонова Айгерим" in page.content()
    user = User.objects.get(phone="+996555987654")
    assert user.village.name == "Кара-Суу"

    page.click("header form[method=post] button[type=submit]")  # log out
    page.wait_for_url("**/ky/")
    assert page.locator("header a[href='/ky/accounts/login/']:visible").count() == 1

    page.goto("/ky/accounts/login/")
    page.fill("input[name=username]", "0555987654")
    page.fill("input[name=password]", "Toolor-Jaz-2024")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/ky/my/")  # the start page after log-in
    page.goto("/ky/accounts/me/")
    text = page.content()
    assert "Осмонова Айгерим" in text and "+996555987654" in text and "1995" in text
    # The Content Security Policy blocked nothing on the way (no inline scripts or styles).
    assert problems == []
