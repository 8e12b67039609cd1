"""One service saves a protocol with its photos; the snapshot migration fills signed protocols."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import Protocol
from tests.monitoring.factories import (
    ProtocolFactory,
    SubjectFactory,
    group_with_chair,
    jpeg_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


def test_a_refused_photo_keeps_the_draft_and_the_other_photos(client, municipality):
    group, _, member = group_with_chair()
    protocol = ProtocolFactory(subject=SubjectFactory(group=group), findings="")
    client.force_login(member.user)
    data = {
        "visit_date": timezone.localdate().isoformat(),
        "findings": "Жол оңдолгон",
        "photos": [upload(jpeg_bytes()), upload(b"not an image" * 100, "bad.jpg")],
        "rec-TOTAL_FORMS": "0",
        "rec-INITIAL_FORMS": "0",
        "rec-MIN_NUM_FORMS": "0",
        "rec-MAX_NUM_FORMS": "30",
        "save": "1",
    }
    response = client.post(reverse("monitoring:protocol-edit", args=[protocol.pk]), data)
    assert response.status_code == 200
    assert "bad.jpg" in response.content.decode()
    protocol.refresh_from_db()
    assert protocol.findings == "Жол оңдолгон"
    assert protocol.photos.count() == 1


def test_service_reports_refusals_instead_of_raising(municipality):
    group, _, member = group_with_chair()
    protocol = ProtocolFactory(subject=SubjectFactory(group=group))
    late = group.period_end + timezone.timedelta(days=3)
    result = services.protocol_save_with_photos(
        actor=member.user,
        protocol=protocol,
        data={"visit_date": late, "findings": "Текст"},
        photos=[upload(jpeg_bytes()), upload(b"x" * 500, "bad.jpg")],
    )
    assert result.error is not None and "visit_date" in result.error.message_dict
    assert len(result.photo_errors) == 1 and result.photo_errors[0].startswith("bad.jpg: ")
    protocol.refresh_from_db()
    assert protocol.visit_date != late  # the refused save left the draft as it was
    assert protocol.photos.count() == 1


def test_migration_freezes_members_of_signed_protocols(municipality):
    migration = importlib.import_module("monitoring.migrations.0006_protocol_members_snapshot")
    group, chair, member = group_with_chair()
    signed = ProtocolFactory(subject=SubjectFactory(group=group), status=Protocol.Status.SIGNED)
    draft = ProtocolFactory(subject=SubjectFactory(group=group))
    signed.members_present.add(chair, member)
    signed.confirmed_by.add(chair)
    migration.freeze_signed(apps, None)
    signed.refresh_from_db()
    draft.refresh_from_db()
    assert [m["name"] for m in signed.members_snapshot["present"]] == [chair.name, member.name]
    assert signed.members_snapshot["present"][0]["confirmed"] is True
    assert signed.members_snapshot["absent"] == []
    assert draft.members_snapshot is None
