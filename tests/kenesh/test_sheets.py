"""Signed paper sheets entered by the kenesh secretary: who may, what is kept, the audit."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kenesh import selectors, services
from kenesh.models import Deputy, PaperSheet
from municipality.files import file_url
from municipality.models import AuditEntry, Person
from tests.kenesh.factories import collecting_initiative, deputies
from tests.municipality.factories import UserFactory, VillageFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _data(village, **line):
    return {
        "scan": SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf"),
        "line-TOTAL_FORMS": "1",
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "0",
        "line-MAX_NUM_FORMS": "50",
        "line-0-full_name": line.get("full_name", "Жылдыз  Мамытова"),
        "line-0-birth_year": "1979",
        "line-0-village": str(village.pk),
        "line-0-address": "Ленин көч., 5",
        "line-0-signed_on": timezone.localdate().isoformat(),
    }


def _deputy_user():
    user = UserFactory()
    deputy = deputies(1)[0]
    deputy.user = user
    deputy.save()
    assert Deputy.objects.filter(user=user).exists()
    return user


def test_secretary_enters_a_sheet_and_its_signers(client, municipality, kenesh_user):
    initiative = collecting_initiative(kenesh_user)
    village = VillageFactory()
    client.force_login(kenesh_user)
    detail = client.get(reverse("kenesh:initiative-detail", args=[initiative.pk]))
    url = reverse("kenesh:sheet-enter", args=[initiative.pk])
    assert url in detail.content.decode()
    response = client.post(url, _data(village))
    assert response.status_code == 302
    assert selectors.signature_counts(initiative) == {"online": 0, "paper": 1, "total": 1}
    person = Person.objects.get()
    # Only what the sheet carries, with the sheet's written consent.
    assert (person.full_name, person.birth_year, person.village, person.address) == (
        "Жылдыз Мамытова",
        1979,
        village,
        "Ленин көч., 5",
    )
    assert person.phone == "" and person.sex == "" and person.user is None
    assert person.consent == Person.Consent.WRITTEN and person.recorded_by == kenesh_user
    sheet = PaperSheet.objects.get()
    assert sheet.entered_by == kenesh_user
    audit = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(PaperSheet),
        object_id=str(sheet.pk),
        action=AuditEntry.Action.CREATE,
    )
    assert audit.actor == kenesh_user and audit.changes["scan"][1] == sheet.scan.name
    assert AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        action=AuditEntry.Action.CREATE,
        actor=kenesh_user,
    ).exists()
    # The scan and the signer stay non-public.
    scan_url = file_url(sheet.scan)
    assert client.get(scan_url).status_code == 200
    client.logout()
    assert client.get(scan_url).status_code == 404
    page = client.get(reverse("kenesh:initiative-detail", args=[initiative.pk])).content.decode()
    assert "Мамытова" not in page and "Ленин" not in page


def test_secretary_finds_a_person_already_in_the_register(municipality, kenesh_user):
    initiative = collecting_initiative(kenesh_user)
    village = VillageFactory()
    known = Person.objects.create(
        full_name="Жылдыз Мамытова",
        name_key="жылдыз мамытова",
        village=village,
        birth_year=1979,
        consent=Person.Consent.WRITTEN,
        consent_at=timezone.now(),
    )
    _sheet, accepted, refused = services.sheet_enter(
        actor=kenesh_user,
        initiative=initiative,
        scan=SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf"),
        lines=[
            {
                "full_name": "Жылдыз Мамытова",
                "birth_year": 1979,
                "village": village,
                "signed_on": timezone.localdate(),
            }
        ],
    )
    assert refused == [] and accepted[0].person == known and Person.objects.count() == 1


@pytest.mark.parametrize("who", ["resident", "deputy"])
def test_a_resident_or_a_deputy_may_not_enter_a_sheet(client, municipality, kenesh_user, who):
    initiative = collecting_initiative(kenesh_user)
    user = UserFactory() if who == "resident" else _deputy_user()
    client.force_login(user)
    url = reverse("kenesh:sheet-enter", args=[initiative.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _data(VillageFactory())).status_code == 403
    with pytest.raises(PermissionDenied):
        services.sheet_enter(
            actor=user,
            initiative=initiative,
            scan=SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf"),
            lines=[],
        )
    assert not PaperSheet.objects.exists() and not Person.objects.exists()
    detail = client.get(reverse("kenesh:initiative-detail", args=[initiative.pk]))
    assert url not in detail.content.decode()
