"""Issue 16 (items 1, 2, 3, 5, 6, 10) with the plain Django client: every mistake in one round
with a summary at the top, form actions that answer GET with the draft, error pages in the
layout and language, the log-out page, input hints on every form, the compact header."""

import importlib
import inspect
import re

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse

from budget.models import Hearing
from engagement_plan.models import Comment, Plan
from initiatives.models import Application, Contest
from municipality.forms.rendering import PERSON_NAME_FIELDS
from municipality.views import errors
from tests.budget.factories import HearingFactory
from tests.engagement_plan.factories import PlanFactory
from tests.initiatives.factories import ContestFactory
from tests.initiatives.test_views import form_data

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "municipality.forms.accounts",
    "municipality.forms.documents",
    "municipality.forms.local_issues",
    "municipality.forms.notices",
    "municipality.forms.subscriptions",
    "initiatives.forms",
    "budget.forms",
    "engagement_plan.forms",
    "monitoring.forms",
]


def in_layout(html: str) -> bool:
    return '<header class="site-header' in html and '<main id="main"' in html


def inputs(html: str) -> dict:
    """name → the attributes of each <input>/<textarea> in the page."""
    found = {}
    for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", html):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if "name" in attrs:
            found[attrs["name"]] = attrs
    return found


# ---- item 1 and 2: every mistake at once, with a summary at the top -------------------------


def test_application_form_shows_mistakes_of_three_sections_in_one_round(
    client, municipality, resident
):
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    client.force_login(resident)
    data = form_data(
        contest,
        action="submit",
        group_members="",  # 1. Applicant: needed to submit
        beneficiaries_count="жүз",  # 2. Project: not a number
        **{"est-0-total": "99"},  # 4. Estimate: a row that does not add up
    )
    response = client.post(reverse("initiatives:apply", args=[contest.pk]), data)
    assert response.status_code == 200 and not Application.objects.exists()
    html = response.content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</div>", html.index("error-summary"))
    ]
    assert 'href="#id_beneficiaries_count"' in summary
    assert 'href="#id_est-0-total"' in summary and "1-сап" in summary  # which row
    assert "List the members of the initiative group." in summary or "мүчөлөрүн" in summary
    # the summary comes before the form, and it brings the script that focuses it
    assert html.index('id="error-summary"') < html.index('name="client_token"')
    assert 'src="/static/js/portal.js"' in html


def test_signup_shows_the_phone_and_the_password_mistakes_together(client, municipality):
    response = client.post(
        "/ky/accounts/signup/",
        {
            "full_name": "Асан Үсөнов",
            "phone": "12",
            "password1": "Toolong-Pass-1",
            "password2": "Other-Pass-2",
        },
    )
    html = response.content.decode()
    assert 'href="#id_phone"' in html and 'href="#id_password2"' in html
    assert "Табылган каталар: 2" in html


def test_pages_without_mistakes_have_no_summary_and_no_script(client, municipality):
    html = client.get("/ky/accounts/signup/").content.decode()
    assert "error-summary" not in html and "<script" not in html


# ---- item 3: no dead ends after a POST --------------------------------------------------------


def test_failed_plan_comment_answers_get_in_another_language_with_the_draft(
    client, municipality, resident
):
    plan = PlanFactory(status=Plan.Status.DISCUSSION)
    client.force_login(resident)
    draft = "Көпүрөнү оңдоо керек. " * 150  # too long: a mistake
    url = f"/ky/plan/{plan.pk}/comment/"
    assert client.post(url, {"text": draft}).status_code == 400
    # the language switch (a GET) on the same address: the form, the draft, its mistake
    response = client.get(f"/ru/plan/{plan.pk}/comment/")
    html = response.content.decode()
    assert response.status_code == 400 and 'lang="ru"' in html
    assert "Көпүрөнү оңдоо керек." in html and 'id="error-summary"' in html
    assert not Comment.objects.exists()  # a GET never saves
    # once sent correctly the draft is gone: GET goes to the plan's page
    assert client.post(url, {"text": "Көпүрө"}).status_code == 302
    response = client.get(url)
    assert response.status_code == 302 and response.url == f"/ky/plan/{plan.pk}/"


def test_language_switch_after_a_failed_application_keeps_the_draft(
    client, municipality, resident
):
    """The application form posts to its own page: its language links ask for the draft."""
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    client.force_login(resident)
    url = f"/ky/initiatives/{contest.pk}/apply/"
    data = form_data(contest, title="Көпүрө курабыз", beneficiaries_count="жүз")
    html = client.post(url, data).content.decode()
    switch = f'href="/ru/initiatives/{contest.pk}/apply/?draft=1"'
    assert switch in html
    response = client.get(f"/ru/initiatives/{contest.pk}/apply/?draft=1")
    html = response.content.decode()
    assert response.status_code == 200 and 'lang="ru"' in html
    assert 'value="Көпүрө курабыз"' in html and 'id="error-summary"' in html
    assert switch.replace("/ru/", "/ky/") in html  # and back again, still with the draft
    assert not Application.objects.exists()
    # a plain GET is a fresh form; a draft that is gone sends to the plain page
    assert 'value="Көпүрө курабыз"' not in client.get(url).content.decode()
    client.post(url, form_data(contest))  # saved: the draft is forgotten
    gone = client.get(f"/ru/initiatives/{contest.pk}/apply/?draft=1")
    assert gone.status_code == 302 and gone.url == f"/ru/initiatives/{contest.pk}/apply/"


def test_action_address_without_a_draft_goes_to_the_form_page(client, municipality, resident):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    client.force_login(resident)
    response = client.get(f"/ky/budget/hearings/{hearing.pk}/propose/")
    assert response.status_code == 302 and response.url == f"/ky/budget/hearings/{hearing.pk}/"
    client.post(f"/ky/budget/hearings/{hearing.pk}/propose/", {"text": ""})
    again = client.get(f"/ru/budget/hearings/{hearing.pk}/propose/")
    assert again.status_code == 400 and 'id="error-summary"' in again.content.decode()


def test_logout_typed_in_shows_a_page_with_the_button(client, municipality, resident):
    anonymous = client.get("/ru/accounts/logout/")
    assert anonymous.status_code == 200 and in_layout(anonymous.content.decode())
    client.force_login(resident)
    html = client.get("/ky/accounts/logout/").content.decode()
    assert in_layout(html) and 'method="post" action="/ky/accounts/logout/"' in html
    assert client.get("/ky/accounts/me/").status_code == 200  # still logged in


# ---- item 6: error pages in the layout, translated, with a way back -------------------------


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_404_and_405_pages_are_in_the_layout(client, municipality, language):
    missing = client.get(f"/{language}/no-such-page/")
    html = missing.content.decode()
    assert missing.status_code == 404 and in_layout(html) and f'lang="{language}"' in html
    assert ("Барак табылган жок" in html) if language == "ky" else ("не найдена" in html)
    post_only = client.get(f"/{language}/budget/hearings/1/register/")
    html = post_only.content.decode()
    assert post_only.status_code == 405 and in_layout(html) and f'lang="{language}"' in html
    assert post_only["Allow"] == "POST"
    assert ("Бул даректи ачууга болбойт" if language == "ky" else "нельзя открыть") in html


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_403_for_a_refused_user_is_in_the_layout(client, municipality, resident, language):
    plan = PlanFactory(status=Plan.Status.DRAFT)
    staff_only = f"/{language}/plan/office/plans/{plan.pk}/"
    client.force_login(resident)
    response = client.get(staff_only, HTTP_REFERER=f"http://testserver/{language}/plan/")
    html = response.content.decode()
    assert response.status_code == 403 and in_layout(html) and f'lang="{language}"' in html
    assert ("Кирүүгө уруксат жок" if language == "ky" else "Нет доступа") in html
    assert f'href="/{language}/plan/"' in html  # back where the person came from


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_500_page_is_in_the_layout(municipality, language):
    request = RequestFactory().get(f"/{language}/budget/")
    request.user = AnonymousUser()
    html = errors.server_error(request).content.decode()
    assert in_layout(html) and f'lang="{language}"' in html
    assert ("Сервердеги ката" if language == "ky" else "Ошибка сервера") in html


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_expired_session_keeps_the_typed_text(municipality, language):
    browser = Client(enforce_csrf_checks=True)
    url = f"/{language}/subscribe/"
    response = browser.post(
        url,
        {"email": "aiperi@example.kg", "csrfmiddlewaretoken": "stale"},
        HTTP_ORIGIN="http://testserver",
    )
    html = response.content.decode()
    assert response.status_code == 403 and in_layout(html) and f'lang="{language}"' in html
    assert 'value="aiperi@example.kg"' in html and f'action="{url}"' in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert token != "stale"
    # a form on another site gets no button and no token for its fields
    foreign = browser.post(url, {"email": "x@example.kg"}, HTTP_ORIGIN="https://evil.example")
    assert foreign.status_code == 403 and 'value="x@example.kg"' not in foreign.content.decode()


def test_debug_shows_the_product_404_unless_asked(client, municipality, settings):
    settings.DEBUG = True
    html = client.get("/ky/no-such-page/").content.decode()
    assert in_layout(html) and "URLconf" not in html
    settings.TECHNICAL_404 = True
    assert "URLconf" in client.get("/ky/no-such-page/").content.decode()


# ---- item 5: inputs that match the keyboard --------------------------------------------------


def _form_classes():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield cls


def test_every_form_field_has_the_keyboard_hints():
    """Walk every form class of every app: each field rendered through the project's renderer."""
    checked, wrong = 0, []
    for cls in _form_classes():
        holder = type("Holder", (forms.Form,), {})()
        holder.fields = {name: field for name, field in cls.base_fields.items()}
        for name in holder.fields:
            field = holder.fields[name]
            if isinstance(field, forms.ChoiceField) or isinstance(field.widget, forms.Select):
                continue
            attrs = inputs(str(holder[name])).get(name, {})
            if not attrs or attrs.get("type") == "hidden":
                continue
            checked += 1
            expected = {}
            if "phone" in name:
                expected = {"type": "tel", "autocomplete": "tel"}
            elif isinstance(field, forms.EmailField):
                expected = {"type": "email", "autocomplete": "email"}
            elif isinstance(field, (forms.DecimalField, forms.FloatField)):
                expected = {"inputmode": "decimal"}
            elif isinstance(field, forms.IntegerField):
                expected = {"inputmode": "numeric"}
            elif name in PERSON_NAME_FIELDS:
                expected = {"autocomplete": "name"}
            for key, value in expected.items():
                if attrs.get(key) != value:
                    wrong.append(f"{cls.__module__}.{cls.__name__}.{name}: {key}={attrs.get(key)}")
    assert checked > 50 and wrong == [], wrong


def test_phone_fields_on_the_real_pages_are_tel(client, municipality, resident):
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    pages = {
        "/ky/accounts/signup/": ["phone", "email", "full_name", "birth_year"],
        "/ky/subscribe/": ["phone", "email"],
    }
    for url, names in pages.items():
        fields = inputs(client.get(url).content.decode())
        assert fields["phone"]["type"] == "tel" and fields["phone"]["autocomplete"] == "tel"
        assert fields["email"]["autocomplete"] == "email"
        if "birth_year" in names:
            assert fields["birth_year"]["inputmode"] == "numeric"
            assert fields["full_name"]["autocomplete"] == "name"
    client.force_login(resident)
    fields = inputs(client.get(f"/ky/initiatives/{contest.pk}/apply/").content.decode())
    assert fields["contact_phone"]["type"] == "tel"
    assert fields["requested_sum"]["inputmode"] == "decimal"
    assert fields["est-0-quantity"]["inputmode"] == "decimal"
    assert fields["beneficiaries_count"]["inputmode"] == "numeric"
    client.logout()
    login = inputs(client.get("/ky/accounts/login/").content.decode())
    assert login["username"]["autocomplete"] == "username"


# ---- item 10: the header ----------------------------------------------------------------------


def test_header_has_a_menu_without_javascript_a_favicon_and_english_in_english(
    client, municipality
):
    html = client.get("/ky/").content.decode()
    assert '<details class="site-menu' in html and "<summary" in html
    assert 'rel="icon"' in html
    assert ">English</a>" in html and ">Русский</a>" in html and ">Кыргызча</a>" in html
    assert client.get("/favicon.ico").status_code == 301


def test_log_in_and_password_forms_keep_no_draft(client, municipality):
    client.post("/ky/accounts/login/", {"username": "nobody", "password": "wrong-Pass-1"})
    client.post("/ky/accounts/password-reset/", {"email": "not-an-email"})
    assert not [key for key in client.session.keys() if key.startswith("form-draft:")]
    switched = client.get("/ru/accounts/login/?draft=1")
    assert switched.status_code == 302 and switched.url == "/ru/accounts/login/"


def test_summary_finds_forms_carried_by_rows(client, municipality, staff_user):
    """The office plan page: each comment carries its own answer form."""
    from tests.engagement_plan.factories import CommentFactory

    plan = PlanFactory(status=Plan.Status.DISCUSSION)
    comment = CommentFactory(plan=plan)
    client.force_login(staff_user)
    response = client.post(f"/ky/plan/office/comments/{comment.pk}/answer/", {})
    html = response.content.decode()
    assert response.status_code == 400 and 'id="error-summary"' in html
    assert f'href="#id_c{comment.pk}-answer_0"' in html
