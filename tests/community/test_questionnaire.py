"""The printable A4 questionnaire of a survey for the paper path, in Kyrgyz and Russian,
from the office survey page; read back with pdftotext."""

import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from tests.community.test_surveys import _survey

pytestmark = pytest.mark.django_db

CONSENT = (
    "I agree that the ayil okmotu enters my answers and the data above in the portal and "
    "keeps me in its register of people for this survey. I can withdraw this consent at any "
    "time."
)


def _text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def _in(language, *msgids):
    with translation.override(language):
        return [translation.gettext(m) for m in msgids]


def test_the_questionnaire_in_kyrgyz_and_russian(client, staff_user):
    survey = _survey(staff_user)
    client.force_login(staff_user)
    page = client.get(survey.get_absolute_url()).content.decode()
    url = reverse("community:survey-questionnaire", args=[survey.pk])
    assert url in page and f"{url}?language=ru" in page  # linked from the office survey page
    labels = ("Questionnaire", "Full name", "Village", "Birth year", "Sex", "Female", "Male")
    for language, query in (("ky", ""), ("ru", "?language=ru")):
        response = client.get(url + query)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = _text(response.content)
        assert response.content.startswith(b"%PDF")
        for phrase in [*_in(language, *labels), survey.title]:
            assert phrase in text, (language, phrase)
        # Every question, the options to tick and the scale.
        for question in ("1. Суу жетиштүүбү?", "2. Эмне керек?", "3. Баа бериңиз", "4. Сунушуңуз"):
            assert question in text, (language, question)
        for option in ("Ооба", "Жок", "Түтүк", "Насос", "Кудук"):
            assert option in text
        assert "1 2 3 4 5" in text
        consent = _in(language, CONSENT)[0]
        assert consent in text, language
        assert _in(language, "tick one box")[0] in text
    assert client.get(url + "?language=xx").status_code == 404


def test_a_resident_gets_no_questionnaire(client, staff_user):
    survey = _survey(staff_user)
    url = reverse("community:survey-questionnaire", args=[survey.pk])
    assert client.get(url).status_code in (302, 403)
