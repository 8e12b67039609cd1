"""Paper applications for people in the register: receipt, idempotency, dates, drafts."""

import datetime
import subprocess
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import Application, CommissionMember, Contest
from municipality.services import people as people_services
from tests.initiatives.factories import ContestFactory
from tests.initiatives.test_views import form_data
from tests.municipality.factories import UserFactory


@pytest.fixture
def accepting(db):
    return ContestFactory(status=Contest.Status.ACCEPTING)


def person_create(*, actor, **fields):
    fields = {"address": "", "sex": "", "phone": "", "village": None, "birth_year": None, **fields}
    return people_services.person_create(actor=actor, **fields)


@pytest.fixture
def person(staff_user, municipality):
    return person_create(
        actor=staff_user, full_name="Айгүл Сатарова", birth_year=1970, consent="written"
    )


def paper_data(contest, **extra):
    data = form_data(contest, action="submit")
    data.update(
        received_on=timezone.localdate().isoformat(), incoming_number="К-17", late_reason=""
    )
    data.update(extra)
    return data


def _url(contest, person):
    return reverse("initiatives:office-paper", args=[contest.pk]) + f"?person={person.pk}"


def _pdftotext(content: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def test_paper_application_for_person_without_account_and_receipt(
    client, accepting, staff_user, person
):
    client.force_login(staff_user)
    search = client.get(reverse("initiatives:office-paper", args=[accepting.pk]), {"q": "айгүл"})
    assert "Айгүл Сатарова" in search.content.decode()
    response = client.post(_url(accepting, person), paper_data(accepting))
    application = Application.objects.get()
    assert response.status_code == 302, response
    assert application.applicant is None and application.applicant_person == person
    assert application.is_paper and application.incoming_number == "К-17"
    assert application.status == "submitted" and application.registration_number
    pdf = client.get(reverse("initiatives:office-paper-receipt", args=[application.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdftotext(pdf.content)
    assert application.registration_number in text and "К-17" in text
    assert "Айгүл Сатарова" in text and f"/initiatives/{accepting.pk}/" in text
    office = client.get(reverse("initiatives:office-contest", args=[accepting.pk]))
    assert "Айгүл Сатарова" in office.content.decode()


def test_receipt_is_office_only(client, accepting, staff_user, person, resident):
    client.force_login(staff_user)
    client.post(_url(accepting, person), paper_data(accepting))
    application = Application.objects.get()
    client.force_login(resident)
    url = reverse("initiatives:office-paper-receipt", args=[application.pk])
    assert client.get(url).status_code in (302, 403, 404)


def test_same_incoming_number_twice_is_one_application(client, accepting, staff_user, person):
    client.force_login(staff_user)
    client.post(_url(accepting, person), paper_data(accepting))
    data = paper_data(accepting, client_token="other-clerk")
    response = client.post(_url(accepting, person), data)
    assert Application.objects.count() == 1
    assert response.status_code == 302


def test_incoming_number_of_another_paper_is_refused(client, accepting, staff_user, person):
    other = person_create(actor=staff_user, full_name="Бакыт Осмонов", consent="oral")
    client.force_login(staff_user)
    client.post(_url(accepting, person), paper_data(accepting))
    response = client.post(_url(accepting, other), paper_data(accepting))
    assert response.status_code == 200
    assert "К-17" in response.content.decode()
    assert Application.objects.count() == 1


def test_future_date_is_refused(client, accepting, staff_user, person):
    client.force_login(staff_user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(_url(accepting, person), paper_data(accepting, received_on=tomorrow))
    assert response.status_code == 200 and not Application.objects.exists()
    assert response.context["paper_form"].errors["received_on"]


def test_after_deadline_needs_a_reason(client, staff_user, person):
    today = timezone.localdate()
    contest = ContestFactory(
        status=Contest.Status.ACCEPTING,
        window_opens=today - datetime.timedelta(days=10),
        window_closes=today - datetime.timedelta(days=2),
    )
    client.force_login(staff_user)
    response = client.post(_url(contest, person), paper_data(contest))
    assert response.status_code == 200 and not Application.objects.exists()
    assert response.context["paper_form"].errors["late_reason"]
    response = client.post(
        _url(contest, person), paper_data(contest, late_reason="Почта кечикти, конверттин мөөрү")
    )
    application = Application.objects.get()
    assert application.late_reason.startswith("Почта") and application.status == "submitted"


def test_missing_page_saved_as_draft_and_completed(client, accepting, staff_user, person):
    client.force_login(staff_user)
    data = paper_data(accepting, action="save", problem="")
    response = client.post(_url(accepting, person), data)
    application = Application.objects.get()
    assert application.status == "draft", response
    edit = reverse("initiatives:application-edit", args=[application.pk])
    assert "К-17" in client.get(edit).content.decode()
    client.post(edit, paper_data(accepting))
    application.refresh_from_db()
    assert application.status == "submitted" and Application.objects.count() == 1


def test_staff_and_commission_are_not_offered(client, accepting, staff_user, person):
    clerk = person_create(actor=staff_user, full_name="Айгүл Кызматкер", consent="oral")
    clerk.user = UserFactory(roles=["staff"])
    clerk.save()
    member = person_create(actor=staff_user, full_name="Айгүл Комиссия", consent="oral")
    member.user = UserFactory()
    member.save()
    CommissionMember.objects.create(contest=accepting, user=member.user)
    client.force_login(staff_user)
    body = client.get(
        reverse("initiatives:office-paper", args=[accepting.pk]), {"q": "айгүл"}
    ).content.decode()
    assert "Айгүл Сатарова" in body
    assert "Айгүл Кызматкер" not in body and "Айгүл Комиссия" not in body
    assert client.get(_url(accepting, member)).status_code == 404
    assert client.get(_url(accepting, clerk)).status_code == 404


def test_claimed_person_applies_through_their_account(client, accepting, staff_user, person):
    person.user = UserFactory()
    person.save()
    client.force_login(staff_user)
    client.post(_url(accepting, person), paper_data(accepting))
    application = Application.objects.get()
    assert application.applicant == person.user
    client.force_login(person.user)
    assert application.title in client.get(reverse("initiatives:my-applications")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_clerks_at_once_make_one_application(municipality):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and unique checks across connections")
    staff = UserFactory(roles=["staff"])
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    person = person_create(actor=staff, full_name="Айгүл", consent="oral")
    barrier = threading.Barrier(2)
    results = []

    def clerk():
        try:
            barrier.wait()
            results.append(
                services.application_save_draft(
                    actor=staff,
                    contest=contest,
                    person=person,
                    paper={"received_on": timezone.localdate(), "incoming_number": "К-1"},
                    fields={"title": "Кагаз"},
                ).pk
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Application.objects.count() == 1
    assert len(results) == 2 and len(set(results)) == 1
