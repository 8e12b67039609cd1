"""The register of people: the office enters residents without accounts, with consent."""

import pytest
from django.urls import reverse

from municipality.models import AuditEntry, Person
from municipality.services.people import person_create
from tests.municipality.factories import VillageFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("municipality:office-person-create")
LIST = reverse("municipality:office-people")


def _data(**overrides):
    data = {
        "full_name": "Асанова  Айгүл",
        "village": "",
        "address": "Борбор көчөсү, 12",
        "sex": "f",
        "birth_year": "1968",
        "phone": "0555 12-34-56",
        "consent": "written",
    }
    data.update(overrides)
    return data


def test_clerk_enters_a_person_with_consent(client, staff_user, municipality):
    village = VillageFactory(name="Ак-Суу")
    client.force_login(staff_user)
    response = client.post(CREATE, _data(village=village.pk))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("municipality:office-person-edit", args=[person.pk])
    assert (person.full_name, person.name_key) == ("Асанова Айгүл", "асанова айгүл")
    assert person.phone == "+996555123456" and person.village == village
    assert person.recorded_by == staff_user and person.consent_at is not None
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="create").exists()


def test_without_consent_nothing_is_stored_and_the_input_stays(client, staff_user, municipality):
    client.force_login(staff_user)
    response = client.post("/ky" + CREATE[3:], _data(consent="", birth_year="2999"))
    page = response.content.decode()
    assert response.status_code == 400 and not Person.objects.exists()
    assert "Асанова  Айгүл" in page or "Асанова Айгүл" in page  # what was typed is kept
    assert page.count("invalid-feedback") >= 2  # consent and the birth year, in one round


@pytest.mark.parametrize("path", [LIST, CREATE])
def test_personal_data_is_for_the_office_only(client, resident, path, municipality):
    assert client.get(path).status_code == 302  # visitors: to the log-in page
    client.force_login(resident)
    assert client.get(path).status_code == 403


def _person(staff, **fields):
    values = {
        "full_name": "Асанова Айгүл",
        "village": None,
        "address": "",
        "sex": "f",
        "birth_year": 1968,
        "phone": "",
        "consent": "oral",
    }
    values.update(fields)
    return person_create(actor=staff, **values)


def test_search_by_name_phone_and_village_in_any_case(client, staff_user, municipality):
    ak_suu, kara_jygach = VillageFactory(name="Ак-Суу"), VillageFactory(name="Кара-Жыгач")
    _person(staff_user, village=ak_suu, phone="0555123456")
    _person(staff_user, full_name="Токтогулов Бакыт", village=kara_jygach, sex="m")
    client.force_login(staff_user)

    def found(**params):
        page = client.get(LIST, params).content.decode()
        return sorted(name for name in ("Асанова Айгүл", "Токтогулов Бакыт") if name in page)

    assert found(q="айгүл") == ["Асанова Айгүл"]
    assert found(q="ТОКТОГУЛОВ") == ["Токтогулов Бакыт"]
    assert found(q="0555 12 34") == ["Асанова Айгүл"]
    assert found(q="Кара-Жыгач") == ["Токтогулов Бакыт"]
    assert found(village=ak_suu.pk) == ["Асанова Айгүл"]
    assert found(q="\x00") == ["Асанова Айгүл", "Токтогулов Бакыт"]


def test_duplicates_are_flagged_not_refused(client, staff_user, municipality):
    village = VillageFactory(name="Ак-Суу")
    first = _person(staff_user, village=village)
    second = _person(staff_user, full_name="асанова айгүл", village=village)
    _person(staff_user, village=village, birth_year=1970)  # another birth year: not a duplicate
    client.force_login(staff_user)
    assert client.get(LIST).content.decode().count('class="badge text-bg-warning') == 2
    page = client.get(reverse("municipality:office-person-edit", args=[first.pk])).content
    assert reverse("municipality:office-person-edit", args=[second.pk]).encode() in page


def test_the_list_costs_the_same_queries_as_it_grows(client, staff_user, municipality):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    village = VillageFactory(name="Ак-Суу")
    client.force_login(staff_user)
    counts = []
    for total in (5, 60):
        while Person.objects.count() < total:
            _person(staff_user, full_name=f"Тургун {Person.objects.count()}", village=village)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_correction_is_audited_and_removal_keeps_no_name(client, staff_user, municipality):
    person = _person(staff_user)
    client.force_login(staff_user)
    edit = reverse("municipality:office-person-edit", args=[person.pk])
    assert client.post(edit, _data(full_name="Асанова Айгүл Бакытовна")).status_code == 302
    entry = AuditEntry.objects.get(object_id=str(person.pk), action="update")
    assert entry.changes["full_name"][1] == "Асанова Айгүл Бакытовна"

    remove = reverse("municipality:office-person-remove", args=[person.pk])
    assert "Асанова" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not Person.objects.exists()
    removal = AuditEntry.objects.get(object_id=str(person.pk), action="delete")
    assert "Асанова" not in removal.object_repr


@pytest.mark.parametrize(
    ("language", "words"),
    [("ky", ["Жашоочулардын реестри", "Кайталанышы мүмкүн"]), ("ru", ["Реестр жителей"])],
)
def test_the_register_speaks_both_languages(client, staff_user, municipality, language, words):
    village = VillageFactory(name="Ак-Суу")
    _person(staff_user, village=village)
    _person(staff_user, village=village)
    client.force_login(staff_user)
    page = client.get(f"/{language}/office/people/").content.decode()
    assert all(word in page for word in words)
