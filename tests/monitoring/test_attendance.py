"""A monitoring visit's protocol counts the residents who came, on the page and in the PDF."""

import pytest
from django.urls import reverse

from tests.monitoring.factories import ProtocolFactory, SubjectFactory, group_with_chair
from tests.municipality.factories import VillageFactory

pytestmark = pytest.mark.django_db

FORMSET = {
    "rec-TOTAL_FORMS": "0",
    "rec-INITIAL_FORMS": "0",
    "rec-MIN_NUM_FORMS": "0",
    "rec-MAX_NUM_FORMS": "30",
    "save": "1",
}


def test_protocol_form_saves_counts_and_a_typo_keeps_the_saved_ones(client, municipality):
    village = VillageFactory()
    group, _chair, member = group_with_chair()
    protocol = ProtocolFactory(subject=SubjectFactory(group=group))
    client.force_login(member.user)
    url = reverse("monitoring:protocol-edit", args=[protocol.pk])
    data = {
        "visit_date": protocol.visit_date.isoformat(),
        "findings": "Иштер жүрүүдө",
        "attendance_total": "18",
        "attendance_women": "7",
        "attendance_men": "5",
        "attendance_under_18": "6",
        f"attendance_village_{village.pk}": "18",
        **FORMSET,
    }
    assert client.post(url, data).status_code == 302
    protocol.refresh_from_db()
    assert (protocol.attendance.total, protocol.attendance.under_18) == (18, 6)
    assert protocol.attendance.held_on == protocol.visit_date
    assert protocol.attendance.source == "monitoring.protocol"

    response = client.post(url, data | {"attendance_men": "12"})
    assert response.status_code == 200 and "19" in response.content.decode()
    response = client.post(url, data | {"attendance_total": "many"})
    assert response.status_code == 200
    protocol.refresh_from_db()
    assert (protocol.attendance.total, protocol.attendance.men) == (18, 5)
    html = client.get(protocol.get_absolute_url()).content.decode()
    assert "18" in html and village.name in html


def test_signed_protocol_pdf_lists_the_residents_who_came(
    municipality, django_capture_on_commit_callbacks
):
    from monitoring import services
    from monitoring.models import Protocol
    from tests.monitoring.factories import jpeg_bytes, upload
    from tests.monitoring.test_services import _pdftotext

    village = VillageFactory(name="Садовое")
    group, chair, member = group_with_chair()
    protocol = services.protocol_start(actor=member.user, subject=SubjectFactory(group=group))
    services.protocol_save(
        actor=member.user,
        protocol=protocol,
        data={"visit_date": protocol.group.period_start, "findings": "Оюндар өттү."},
        photos=[upload(jpeg_bytes())],
        attendance={
            "attendance_total": 1650,
            "attendance_men": 360,
            "attendance_women": 690,
            "attendance_under_18": 600,
        },
        villages={village: 900},
    )
    services.protocol_submit(actor=member.user, protocol=protocol)
    protocol.members_present.add(member, chair)
    with django_capture_on_commit_callbacks(execute=True):
        protocol = services.protocol_sign(
            actor=chair.user, protocol=protocol, confirmed_members=[member]
        )
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.PUBLISHED
    protocol.document.refresh_from_db()
    text = _pdftotext(protocol.document.file.path)
    assert "Катышуучулар" in text
    for number in ("1650", "360", "690", "600", "900", "Садовое"):
        assert number in text
