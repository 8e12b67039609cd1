import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from community import selectors, services
from community.models import Question, Response, Survey
from tests.community.factories import person
from tests.municipality.factories import UserFactory, VillageFactory

pytestmark = pytest.mark.django_db


def _survey(staff_user, **kwargs):
    today = timezone.localdate()
    survey = services.survey_create(
        actor=staff_user,
        title="Суу жөнүндө сурамжылоо",
        opens_on=kwargs.get("opens_on", today - datetime.timedelta(days=1)),
        closes_on=kwargs.get("closes_on", today + datetime.timedelta(days=10)),
        questions=[
            {"kind": "single", "text": "Суу жетиштүүбү?", "options": ["Ооба", "Жок"]},
            {"kind": "multiple", "text": "Эмне керек?", "options": ["Түтүк", "Насос", "Кудук"]},
            {"kind": "scale", "text": "Баа бериңиз"},
            {"kind": "text", "text": "Сунушуңуз"},
        ],
    )
    services.survey_move(survey=survey, to=Survey.Status.OPEN, actor=staff_user)
    return survey


def _values(survey, yes=True, scale=4, text="Жаңы насос керек"):
    q = {question.kind: question for question in survey.questions.all()}
    options = {o.text: o.pk for question in q.values() for o in question.options.all()}
    return {
        q["single"].pk: options["Ооба" if yes else "Жок"],
        q["multiple"].pk: [options["Түтүк"], options["Насос"]],
        q["scale"].pk: scale,
        q["text"].pk: text,
    }


def test_one_online_answer_per_confirmed_phone_and_paper_answers(staff_user):
    survey = _survey(staff_user)
    village = VillageFactory(name="Ак-Суу")
    unconfirmed = UserFactory()
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, user=unconfirmed, values=_values(survey))
    user = UserFactory(phone_confirmed_at=timezone.now(), sex="f", birth_year=1990)
    services.response_submit(survey=survey, user=user, values=_values(survey))
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, user=user, values=_values(survey))
    aigul = person(sex="m", birth_year=1950, village=village)
    services.response_enter(
        survey=survey, actor=staff_user, person=aigul, values=_values(survey, yes=False)
    )
    with pytest.raises(ValidationError):
        services.response_enter(
            survey=survey, actor=staff_user, person=aigul, values=_values(survey)
        )
    assert Response.objects.count() == 2
    results = selectors.survey_results(survey=survey, show_text=False)
    single = results["questions"][0]
    assert single["answers"] == [
        {"label": "Ооба", "count": 1, "percent": 50},
        {"label": "Жок", "count": 1, "percent": 50},
    ]
    by_village = {row["group"]: row for row in single["breakdowns"]["village"]}
    assert by_village["Ак-Суу"]["answers"][1]["count"] == 1
    multiple = results["questions"][1]
    assert [row["count"] for row in multiple["answers"]] == [2, 2, 0]
    assert results["questions"][3]["texts"] is None


def test_answer_outside_the_period_is_refused(staff_user):
    today = timezone.localdate()
    survey = _survey(
        staff_user,
        opens_on=today + datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=5),
    )
    user = UserFactory(phone_confirmed_at=timezone.now())
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, user=user, values=_values(survey))
    assert not Response.objects.exists()


def test_results_page_csv_json_and_free_text_for_staff_only(client, staff_user):
    survey = _survey(staff_user)
    user = UserFactory(phone_confirmed_at=timezone.now())
    client.force_login(user)
    data = {f"q{k}": v for k, v in _values(survey).items()}
    response = client.post(reverse("community:survey-detail", args=[survey.pk]), data)
    assert response.status_code == 302
    response = client.post(reverse("community:survey-detail", args=[survey.pk]), data)
    assert response.status_code == 200 and Response.objects.count() == 1  # refused again
    client.logout()
    page = client.get(reverse("community:survey-results", args=[survey.pk])).content.decode()
    assert "<svg" in page and "100%" in page and "Жаңы насос керек" not in page
    csv_text = client.get(reverse("community:survey-csv", args=[survey.pk])).content.decode()
    assert "Суу жетиштүүбү?" in csv_text and "Жаңы насос керек" not in csv_text
    data = client.get(reverse("community:survey-json", args=[survey.pk])).json()
    assert data["responses"] == 1 and "texts" not in data["questions"][3]
    client.force_login(staff_user)
    page = client.get(reverse("community:survey-results", args=[survey.pk])).content.decode()
    assert "Жаңы насос керек" in page
    assert Question.objects.filter(survey=survey).count() == 4


def test_staff_enter_paper_answers_for_a_register_person(client, staff_user):
    survey = _survey(staff_user)
    bakyt = person("Токтогулов Бакыт")
    client.force_login(staff_user)
    data = {f"q{k}": v for k, v in _values(survey).items()} | {"person": bakyt.pk}
    url = reverse("community:survey-paper", args=[survey.pk])
    assert client.post(url, data).status_code == 302
    response = Response.objects.get()
    assert response.person == bakyt and response.channel == Response.Channel.PAPER
    again = client.post(url, data)
    assert again.status_code == 200 and Response.objects.count() == 1
