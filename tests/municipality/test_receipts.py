"""One receipt (тил кат) for every paper submission: offered after the paper entry, read back.

Each kind is entered through its app's office view; the page after the entry offers the
receipt; the A5 PDF (municipality.receipts) is read back with pdftotext in Kyrgyz and Russian.
"""

import datetime
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from budget.models import Hearing, Proposal
from community.models import Response
from engagement_plan.models import Comment, Plan
from kenesh.models import PaperSheet
from municipality.receipts import receipt_kinds, receipt_url
from municipality.services import people as people_services
from tests.budget.factories import HearingFactory
from tests.engagement_plan.factories import PlanFactory
from tests.municipality.factories import VillageFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A word of the receipt's own text in each language ("What was received").
WORDS = {"ky": "Эмне кабыл алынды", "ru": "Что принято"}


@pytest.fixture
def person(staff_user, municipality):
    return people_services.person_create(
        actor=staff_user,
        full_name="Айгүл Сатарова",
        address="",
        phone="",
        sex="f",
        village=VillageFactory(),
        birth_year=1970,
        consent="written",
    )


def _pdftotext(content: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def _offered_and_read(client, response, *, kind, obj, follow_path, expected):
    """The page after the entry offers the receipt; the PDF says it, in ky and in ru."""
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    assert f'href="{receipt_url(kind=kind, obj=obj)}"' in page  # a link, not escaped text
    for language in ("ky", "ru"):
        with translation.override(language):
            url = receipt_url(kind=kind, obj=obj)
            path = follow_path()
        pdf = client.get(url)
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        text = _pdftotext(pdf.content)
        assert WORDS[language] in text, (language, text)
        assert path in text and path.startswith(f"/{language}/")
        for piece in expected:
            assert piece in text, (language, piece, text)


def test_every_paper_kind_is_registered():
    assert {
        "initiatives.application",
        "budget.proposal",
        "engagement_plan.comment",
        "community.response",
        "kenesh.sheet",
    } <= set(receipt_kinds())


def test_hearing_proposal_receipt(client, staff_user, person):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    client.force_login(staff_user)
    response = client.post(
        reverse("budget:office-hearing-proposal", args=[hearing.pk]),
        {"person": person.pk, "author_name": "", "source": "paper", "text": "Жол керек"},
    )
    proposal = Proposal.objects.get()
    _offered_and_read(
        client,
        response,
        kind="budget.proposal",
        obj=proposal,
        follow_path=hearing.get_absolute_url,
        expected=[f"{hearing.pk}-{proposal.pk}", "Айгүл Сатарова", "Жол керек"],
    )


def test_plan_comment_receipt(client, staff_user, person):
    plan = PlanFactory(status=Plan.Status.DISCUSSION)
    client.force_login(staff_user)
    response = client.post(
        reverse("engagement_plan:paper-comment-add", args=[plan.pk]),
        {"person": person.pk, "author_name": "", "text": "Мектепке жол"},
    )
    comment = Comment.objects.get()
    _offered_and_read(
        client,
        response,
        kind="engagement_plan.comment",
        obj=comment,
        follow_path=plan.get_absolute_url,
        expected=[f"{plan.pk}-{comment.pk}", "Айгүл Сатарова", "Мектепке жол"],
    )


def test_survey_answers_receipt(client, staff_user, person):
    from tests.community.test_surveys import _survey, _values

    survey = _survey(staff_user)
    client.force_login(staff_user)
    data = {f"q{k}": v for k, v in _values(survey).items()} | {"person": person.pk}
    response = client.post(reverse("community:survey-paper", args=[survey.pk]), data)
    answers = Response.objects.get()
    _offered_and_read(
        client,
        response,
        kind="community.response",
        obj=answers,
        follow_path=survey.get_absolute_url,
        expected=[f"{survey.pk}-{answers.pk}", "Айгүл Сатарова", survey.title],
    )


def test_signature_sheet_receipt(client, staff_user, kenesh_user, municipality):
    from tests.kenesh.factories import collecting_initiative

    initiative = collecting_initiative(kenesh_user)
    client.force_login(staff_user)
    data = {
        "scan": SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf"),
        "line-TOTAL_FORMS": "1",
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "0",
        "line-MAX_NUM_FORMS": "50",
        "line-0-full_name": "Жылдыз Мамытова",
        "line-0-birth_year": "1979",
        "line-0-village": str(VillageFactory().pk),
        "line-0-signed_on": timezone.localdate().isoformat(),
    }
    response = client.post(reverse("kenesh:sheet-enter", args=[initiative.pk]), data)
    sheet = PaperSheet.objects.get()
    _offered_and_read(
        client,
        response,
        kind="kenesh.sheet",
        obj=sheet,
        follow_path=initiative.get_absolute_url,
        expected=[f"{initiative.pk}-{sheet.pk}", initiative.title, "1"],
    )


def test_contest_application_receipt_uses_the_same_mechanism(client, staff_user, person):
    from initiatives.models import Application, Contest
    from tests.initiatives.factories import ApplicationFactory, ContestFactory

    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    application = ApplicationFactory(
        contest=contest,
        applicant=None,
        applicant_person=person,
        is_paper=True,
        status=Application.Status.SUBMITTED,
        registration_number="2026-0042",
        incoming_number="К-17",
        received_on=timezone.localdate() - datetime.timedelta(days=1),
        submitted_at=timezone.now(),
        entered_by=staff_user,
    )
    client.force_login(staff_user)
    for language in ("ky", "ru"):
        with translation.override(language):
            kernel = receipt_url(kind="initiatives.application", obj=application)
            app = reverse("initiatives:office-paper-receipt", args=[application.pk])
            path = contest.get_absolute_url()
        for url in (kernel, app):
            text = _pdftotext(client.get(url).content)
            assert WORDS[language] in text and "2026-0042" in text and "К-17" in text
            assert path in text and "Айгүл Сатарова" in text


def test_receipts_are_for_the_office_only_and_only_for_paper(client, resident, staff_user, person):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    online = Proposal.objects.create(hearing=hearing, author=resident, text="Онлайн")
    paper = Proposal.objects.create(
        hearing=hearing, author_name="Айгүл Сатарова", source="paper", text="Кагаз"
    )
    client.force_login(resident)
    assert client.get(receipt_url(kind="budget.proposal", obj=paper)).status_code == 403
    client.force_login(staff_user)
    assert client.get(receipt_url(kind="budget.proposal", obj=online)).status_code == 404
    assert client.get(f"/ky/office/receipts/nothing.here/{paper.pk}.pdf").status_code == 404
    assert (
        client.get(f"/ky/office/receipts/budget.proposal/{paper.pk + 99}.pdf").status_code == 404
    )
    assert client.get(receipt_url(kind="budget.proposal", obj=paper)).status_code == 200
