"""A person claims their register record with a code to the same phone; paper history joins."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Application, Contest
from municipality.models import ConfirmationCode, Person
from municipality.services import people as people_services
from tests.initiatives.factories import ApplicationFactory, ContestFactory
from tests.municipality.factories import UserFactory

PHONE = "+996555123456"


def _person(staff_user, **extra):
    fields = {
        "full_name": "Айгүл Сатарова",
        "address": "",
        "sex": "f",
        "phone": PHONE,
        "village": None,
        "birth_year": 1970,
        "consent": "written",
        **extra,
    }
    return people_services.person_create(actor=staff_user, **fields)


def test_claim_after_confirming_the_phone_by_code(client, municipality, staff_user, monkeypatch):
    person = _person(staff_user)
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    paper = ApplicationFactory(
        contest=contest, applicant=None, applicant_person=person, is_paper=True
    )
    user = UserFactory(phone=PHONE, phone_confirmed_at=None)
    client.force_login(user)
    page = client.get(reverse("municipality:account")).content.decode()
    assert "Айгүл Сатарова" not in page  # not before the phone is confirmed
    # Someone else's account cannot claim the record either.
    response = client.post(reverse("municipality:account-claim"), {"person": person.pk})
    person.refresh_from_db()
    assert person.user is None
    # The code to the same phone (accounts machinery), read back from the outbox.
    import municipality.services.accounts as accounts

    monkeypatch.setattr(accounts.secrets, "randbelow", lambda n: 123456)
    client.post(reverse("municipality:account-phone"), {"action": "send"})
    assert ConfirmationCode.objects.filter(user=user, address=PHONE).exists()
    client.post(reverse("municipality:account-phone"), {"code": "123456"})
    user.refresh_from_db()
    assert user.phone_confirmed_at
    page = client.get(reverse("municipality:account")).content.decode()
    assert "Айгүл Сатарова" in page
    response = client.post(reverse("municipality:account-claim"), {"person": person.pk})
    assert response.status_code == 302
    person.refresh_from_db()
    paper.refresh_from_db()
    assert person.user == user and paper.applicant == user
    mine = client.get(reverse("initiatives:my-applications")).content.decode()
    assert paper.title in mine


def test_other_phone_cannot_claim(client, municipality, staff_user):
    person = _person(staff_user)
    user = UserFactory(phone="+996700000009", phone_confirmed_at=timezone.now())
    client.force_login(user)
    client.post(reverse("municipality:account-claim"), {"person": person.pk})
    person.refresh_from_db()
    assert person.user is None


def test_person_with_paper_application_is_not_removed(client, municipality, staff_user):
    person = _person(staff_user)
    ApplicationFactory(
        contest=ContestFactory(status=Contest.Status.ACCEPTING),
        applicant=None,
        applicant_person=person,
        is_paper=True,
    )
    client.force_login(staff_user)
    response = client.post(reverse("municipality:office-person-remove", args=[person.pk]))
    assert response.status_code == 302
    assert Person.objects.filter(pk=person.pk).exists() and Application.objects.count() == 1


def test_export_lists_own_data_and_paper_history(client, municipality, staff_user):
    import json

    user = UserFactory(phone=PHONE, phone_confirmed_at=timezone.now())
    person = _person(staff_user)
    people_services.person_claim(user=user, person=person)
    paper = ApplicationFactory(
        contest=ContestFactory(status=Contest.Status.ACCEPTING),
        applicant=None,
        applicant_person=person,
        is_paper=True,
    )
    paper.refresh_from_db()
    assert paper.applicant is None  # entered after the claim: the service would set it
    Application.objects.filter(pk=paper.pk).update(applicant=user)
    client.force_login(user)
    response = client.get(reverse("municipality:account-export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["username"] == user.username
    assert data["register_record"]["full_name"] == "Айгүл Сатарова"
    assert any(paper.title in item["title"] for item in data["items"])
    other = UserFactory()
    client.force_login(other)
    data = json.loads(client.get(reverse("municipality:account-export")).content)
    assert data["register_record"] is None and not data["items"]


def test_delete_account_keeps_submitted_anonymised_and_drops_the_rest(client, municipality):
    from initiatives import services as initiative_services
    from municipality.models import Subscription, User

    user = UserFactory(full_name="Асан Үсөнов", phone=PHONE, email="asan@example.kg")
    user.set_password("Туура-сыр-сөз-1")
    user.save()
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    submitted = ApplicationFactory(contest=contest, applicant=user)
    initiative_services.application_submit(actor=user, application=submitted)
    draft = ApplicationFactory(contest=contest, applicant=user)
    Subscription.objects.create(channel="email", address="asan@example.kg", user=user)
    client.force_login(user)
    url = reverse("municipality:account-delete")
    assert client.get(url).status_code == 200
    response = client.post(url, {"password": "wrong"})
    assert response.status_code == 400 and User.objects.get(pk=user.pk).is_active
    response = client.post(url, {"password": "Туура-сыр-сөз-1"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert "Асан" not in user.full_name and not user.email and not user.phone
    assert Application.objects.filter(pk=submitted.pk, applicant=user).exists()
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not Subscription.objects.filter(address="asan@example.kg").exists()
    assert not Client().login(username=user.username, password="Туура-сыр-сөз-1")


# --- Claim at sign-up: a sign-up by phone, confirmed by the SMS code, offers the record.

SIGNUP = "/ky/accounts/signup/"


def _signup_by_phone(client, *, phone="0555 12-34-56", full_name="Айгүл Сатарова", **extra):
    from tests.municipality.test_accounts import code_sent_to, signup_data

    data = signup_data(email="", phone=phone, full_name=full_name, **extra)
    assert client.post(SIGNUP, data).status_code == 302
    code = code_sent_to(people_services.phone_normalize(raw=phone))
    return client.post(reverse("municipality:signup-code"), {"code": code})


def test_signup_by_phone_offers_the_record_and_joins_the_paper_history(
    client, municipality, staff_user
):
    person = _person(staff_user)
    paper = ApplicationFactory(
        contest=ContestFactory(status=Contest.Status.ACCEPTING),
        applicant=None,
        applicant_person=person,
        is_paper=True,
    )
    response = _signup_by_phone(client)
    assert response["Location"] == reverse("municipality:signup-join")
    page = client.get(response["Location"]).content.decode()
    assert "Айгүл Сатарова" in page and "1970" in page
    response = client.post(
        reverse("municipality:signup-join"), {"person": person.pk, "action": "claim"}
    )
    assert response["Location"] == reverse("municipality:account")
    person.refresh_from_db()
    paper.refresh_from_db()
    assert person.user is not None and person.user.phone == PHONE
    assert paper.applicant == person.user
    assert paper.title in client.get(reverse("initiatives:my-applications")).content.decode()
    # Joined: the step is not offered again.
    assert client.get(reverse("municipality:signup-join")).status_code == 302


def test_signup_declined_keeps_the_record_apart_and_the_account_page_still_offers_it(
    client, municipality, staff_user
):
    person = _person(staff_user)
    _signup_by_phone(client)
    response = client.post(
        reverse("municipality:signup-join"), {"person": person.pk, "action": "decline"}
    )
    assert response["Location"] == reverse("municipality:account")
    person.refresh_from_db()
    assert person.user is None
    page = client.get(reverse("municipality:account")).content.decode()
    assert "Айгүл Сатарова" in page and reverse("municipality:account-claim") in page


def test_signup_with_a_shared_phone_offers_only_the_record_with_the_same_name_and_year(
    client, municipality, staff_user
):
    mother = _person(staff_user, full_name="Айгүл Сатарова", birth_year=1970)
    daughter = _person(staff_user, full_name="Айгүл Сатарова", birth_year=1999)
    husband = _person(staff_user, full_name="Бакыт Сатаров", sex="m", birth_year=1968)
    response = _signup_by_phone(client, birth_year="1999")
    assert response["Location"] == reverse("municipality:signup-join")
    page = client.get(reverse("municipality:signup-join")).content.decode()
    assert f'value="{daughter.pk}"' in page
    assert f'value="{mother.pk}"' not in page and "Бакыт" not in page
    # Only the offered record can be joined here.
    client.post(reverse("municipality:signup-join"), {"person": mother.pk, "action": "claim"})
    mother.refresh_from_db()
    assert mother.user is None
    client.post(reverse("municipality:signup-join"), {"person": daughter.pk, "action": "claim"})
    daughter.refresh_from_db()
    husband.refresh_from_db()
    assert daughter.user is not None and mother.user is None and husband.user is None


def test_signup_with_a_shared_phone_and_no_matching_name_offers_nothing(
    client, municipality, staff_user
):
    _person(staff_user, full_name="Айгүл Сатарова")
    _person(staff_user, full_name="Бакыт Сатаров", sex="m", birth_year=1968)
    response = _signup_by_phone(client, full_name="Нурлан Сатаров")
    assert response["Location"] == reverse("municipality:account")
    assert client.get(reverse("municipality:signup-join")).status_code == 302
    assert not Person.objects.filter(user__isnull=False).exists()


def test_signup_with_someone_elses_phone_cannot_claim(client, municipality, staff_user):
    person = _person(staff_user)
    # Another phone, confirmed by its own code: nothing is offered, a forged POST joins nothing.
    response = _signup_by_phone(client, phone="0700 111 222")
    assert response["Location"] == reverse("municipality:account")
    client.post(reverse("municipality:signup-join"), {"person": person.pk, "action": "claim"})
    person.refresh_from_db()
    assert person.user is None
    # The record's phone typed at sign-up next to an e-mail: the code goes by e-mail, so the
    # phone is not confirmed and the record is not offered.
    client.logout()
    from tests.municipality.test_accounts import code_sent_to, signup_data

    client.post(SIGNUP, signup_data(email="x@example.kg", phone="0555 12-34-56"))
    response = client.post(
        reverse("municipality:signup-code"), {"code": code_sent_to("x@example.kg")}
    )
    assert response["Location"] == reverse("municipality:account")
    client.post(reverse("municipality:signup-join"), {"person": person.pk, "action": "claim"})
    client.post(reverse("municipality:account-claim"), {"person": person.pk})
    person.refresh_from_db()
    assert person.user is None
