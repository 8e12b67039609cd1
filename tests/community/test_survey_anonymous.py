"""Anonymous survey answers: allowed per survey, once per browser (a signed cookie) and
within a rate limit per client address; refused beyond with a message in the page's
language; counted apart from the answers of confirmed accounts."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from community import selectors, services
from community.models import Response, Survey
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db

RATE = 3


def _survey(staff_user, *, allow_anonymous=True):
    today = timezone.localdate()
    survey = services.survey_create(
        actor=staff_user,
        title="Көчө жарыгы",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=5),
        allow_anonymous=allow_anonymous,
        questions=[{"kind": "single", "text": "Жарык жетиштүүбү?", "options": ["Ооба", "Жок"]}],
    )
    services.survey_move(survey=survey, to=Survey.Status.OPEN, actor=staff_user)
    return survey


def _data(survey, answer="Ооба"):
    question = survey.questions.get()
    return {f"q{question.pk}": question.options.get(text=answer).pk}


def _message(language, msgid):
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.fixture
def limited(settings):
    settings.SURVEY_ANONYMOUS_RATE_IP = f"{RATE}/h"
    cache.clear()
    yield
    cache.clear()


def test_a_browser_answers_once(staff_user, limited):
    survey = _survey(staff_user)
    url = reverse("community:survey-detail", args=[survey.pk])
    browser = Client(REMOTE_ADDR="10.9.0.1")
    assert (
        f'name="{next(iter(_data(survey)))}"' in browser.get(url).content.decode()
    )  # the form, without an account
    assert browser.post(url, _data(survey)).status_code == 302
    assert Response.objects.get().channel == Response.Channel.ANONYMOUS
    assert Response.objects.get().user is None
    # The same browser again: refused, with the message in the page's language (ky).
    again = browser.post(url, _data(survey, "Жок"))
    assert again.status_code == 200 and Response.objects.count() == 1
    assert _message("ky", "You have already answered this survey.") in again.content.decode()
    page = browser.get(url).content.decode()
    assert _message("ky", "You have already answered this survey.") in page
    # A forged cookie does not count as answered, but neither does it open a second path:
    # a browser without the cookie is a new browser (and the address limit applies).
    other = Client(REMOTE_ADDR="10.9.0.1")
    other.cookies[f"survey-{survey.pk}"] = "1"  # unsigned: ignored
    assert other.post(url, _data(survey, "Жок")).status_code == 302
    assert Response.objects.count() == 2


def test_the_address_limit_refuses_beyond_the_rate_in_russian(staff_user, limited):
    survey = _survey(staff_user)
    url = reverse("community:survey-detail", args=[survey.pk])
    for _n in range(RATE):  # RATE different browsers behind one address
        assert Client(REMOTE_ADDR="10.9.0.2").post(url, _data(survey)).status_code == 302
    assert Response.objects.count() == RATE
    ru_url = url.replace("/ky/", "/ru/", 1) if url.startswith("/ky/") else f"/ru{url}"
    refused = Client(REMOTE_ADDR="10.9.0.2").post(ru_url, _data(survey))
    assert refused.status_code == 200 and Response.objects.count() == RATE
    message = _message(
        "ru", "Too many answers were sent from your address. Please try again later."
    )
    assert message in refused.content.decode()
    # Another address is not affected.
    assert Client(REMOTE_ADDR="10.9.0.3").post(url, _data(survey)).status_code == 302
    assert Response.objects.count() == RATE + 1


def test_not_allowed_by_the_survey_no_form_and_refused(staff_user, limited):
    survey = _survey(staff_user, allow_anonymous=False)
    url = reverse("community:survey-detail", args=[survey.pk])
    visitor = Client(REMOTE_ADDR="10.9.0.4")
    assert f'name="{next(iter(_data(survey)))}"' not in visitor.get(url).content.decode()
    assert visitor.post(url, _data(survey), follow=True).status_code == 200
    assert Response.objects.count() == 0
    with pytest.raises(ValidationError):
        services.response_submit_anonymous(survey=survey, values={}, answered_before=False)


def test_results_count_anonymous_answers_apart(staff_user, limited):
    survey = _survey(staff_user)
    url = reverse("community:survey-detail", args=[survey.pk])
    Client(REMOTE_ADDR="10.9.0.5").post(url, _data(survey, "Жок"))
    Client(REMOTE_ADDR="10.9.0.6").post(url, _data(survey, "Жок"))
    confirmed = UserFactory(phone_confirmed_at=timezone.now(), sex="f", birth_year=1980)
    account = Client(REMOTE_ADDR="10.9.0.7")
    account.force_login(confirmed)
    assert account.post(url, _data(survey, "Ооба")).status_code == 302
    assert Response.objects.filter(channel=Response.Channel.ONLINE).count() == 1

    results = selectors.survey_results(survey=survey, show_text=False)
    assert results["responses"] == 3 and results["anonymous"] == 2
    by_channel = {row["channel"]: row["count"] for row in results["channels"]}
    assert by_channel == {"online": 1, "paper": 0, "anonymous": 2}
    channel = {row["group"]: row for row in results["questions"][0]["breakdowns"]["channel"]}
    anonymous = channel[str(Response.Channel.ANONYMOUS.label)]
    assert anonymous["total"] == 2 and [a["count"] for a in anonymous["answers"]] == [0, 2]
    data = Client().get(reverse("community:survey-json", args=[survey.pk])).json()
    assert data["channels"] == {"online": 1, "paper": 0, "anonymous": 2}


def test_anonymous_answer_outside_the_period_is_refused(staff_user, limited):
    survey = _survey(staff_user)
    Survey.objects.filter(pk=survey.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    survey.refresh_from_db()
    url = reverse("community:survey-detail", args=[survey.pk])
    Client(REMOTE_ADDR="10.9.0.8").post(url, _data(survey))
    assert Response.objects.count() == 0


def test_page_cache_neither_shares_the_answered_page_nor_keeps_stale_results(
    staff_user, limited, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    survey = _survey(staff_user)
    url = reverse("community:survey-detail", args=[survey.pk])
    results = reverse("community:survey-json", args=[survey.pk])
    visitor = Client(REMOTE_ADDR="10.9.1.1")
    assert visitor.get(results).json()["responses"] == 0
    assert visitor.get(results)["X-Page-Cache"] == "hit"
    answered = Client(REMOTE_ADDR="10.9.1.2")
    assert answered.post(url, _data(survey)).status_code == 302
    answered.get(reverse("community:survey-results", args=[survey.pk]))  # reads the message
    assert visitor.get(results).json()["responses"] == 1  # not the stale page
    done = _message("ky", "You have already answered this survey.")
    for _n in range(2):
        assert done in answered.get(url).content.decode()
    assert done not in Client(REMOTE_ADDR="10.9.1.3").get(url).content.decode()
