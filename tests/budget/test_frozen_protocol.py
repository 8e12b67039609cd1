"""Issue 12, class 11: the hearing protocol prints the record of the day, not later changes."""

import datetime
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from budget.models import Hearing, Registration
from budget.services import (
    hearing_hold,
    hearing_publish_protocol,
    registration_cancel,
    registration_create,
)
from municipality.models import OfficialDocument
from tests.municipality.factories import VillageFactory

from .factories import HearingFactory

pytestmark = pytest.mark.django_db


def test_hearing_protocol_counts_registrations_no_one_can_cancel_afterwards(
    resident, staff_user, municipality, django_capture_on_commit_callbacks
):
    village = VillageFactory()
    hearing = HearingFactory(
        status=Hearing.Status.ANNOUNCED,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        village=village,
    )
    registration_create(hearing=hearing, actor=resident)
    Hearing.objects.filter(pk=hearing.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    with pytest.raises(ValidationError):  # the hearing has begun: the count is the record
        registration_cancel(hearing=hearing, actor=resident)
    hearing_hold(
        hearing=hearing,
        actor=staff_user,
        attendance={"attendance_total": 12, "attendance_women": 7, "attendance_men": 5},
        villages={village: 12},
        discussion="Талкуу болду.",
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        hearing_publish_protocol(hearing=hearing, actor=staff_user)
    with pytest.raises(ValidationError):  # nor after the protocol, before it is rendered
        registration_cancel(hearing=hearing, actor=resident)
    for callback in callbacks:
        callback()
    assert Registration.objects.filter(hearing=hearing).count() == 1
    hearing.refresh_from_db()
    document = OfficialDocument.objects.get(pk=hearing.protocol_id)
    assert document.status == OfficialDocument.Status.ISSUED, document.error
    text = subprocess.run(
        ["pdftotext", document.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    with translation.override("ky"):
        line = translation.gettext("Registered online in advance: %(count)s") % {"count": 1}
    assert line in " ".join(text.split())


def test_registration_can_still_be_cancelled_before_the_hearing(resident):
    hearing = HearingFactory(
        status=Hearing.Status.ANNOUNCED, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    registration_create(hearing=hearing, actor=resident)
    registration_cancel(hearing=hearing, actor=resident)
    assert not Registration.objects.filter(hearing=hearing).exists()
