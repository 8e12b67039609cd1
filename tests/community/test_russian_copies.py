"""Issue 14: the annual report and the gathering minutes are issued once, in Kyrgyz (the
original); the Russian PDF is a translation copy of the same record with the same number.
Both read back with pdftotext."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community import services
from community.models import AnnualReport, Gathering
from municipality.models import OfficialDocument
from tests.community.test_report import YEAR, _year_of_records
from tests.municipality.factories import VillageFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.split())


def _both(client, document) -> tuple[str, str]:
    url = reverse("municipality:document-pdf", args=[document.pk])
    original = client.get(url)
    copy = client.get(url + "?language=ru")
    assert original.status_code == 200 and copy.status_code == 200
    return _text(b"".join(original.streaming_content)), _text(copy.content)


def _ru(msgid, **params):
    with translation.override("ru"):
        text = translation.gettext(msgid)
    return text % params if params else text


def _number(text) -> str:
    return re.search(r"№ (\d+)", text).group(1)


def test_annual_report_russian_copy_has_the_same_number(
    client, staff_user, municipality, django_capture_on_commit_callbacks
):
    _year_of_records(staff_user)
    report = services.report_save(
        actor=staff_user,
        year=YEAR,
        introduction="Урматтуу айылдаштар.",
        introduction_ru="Уважаемые односельчане.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(report=report, actor=staff_user)
    report = AnnualReport.objects.get()
    documents = OfficialDocument.objects.filter(kind=OfficialDocument.Kind.REPORT)
    assert list(documents) == [report.document]  # one record, one number
    assert report.document.language == "ky"
    kyrgyz, russian = _both(client, report.document)
    assert "Урматтуу айылдаштар." in kyrgyz and "Уважаемые односельчане." not in kyrgyz
    assert "Уважаемые односельчане." in russian
    assert _ru("Translation. The original of this document is in Kyrgyz.") in russian
    title = _ru("Report of the ayil okmotu to the population for %(year)s", year=YEAR)
    assert title in russian and title != report.document.title
    assert _number(kyrgyz) == _number(russian) == str(report.document.number)
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("municipality:document-pdf", args=[report.document.pk]) + "?language=ru" in page


def test_gathering_minutes_russian_copy_has_the_same_number(
    client, staff_user, municipality, django_capture_on_commit_callbacks
):
    village = VillageFactory(name="Ак-Суу")
    with django_capture_on_commit_callbacks(execute=True):
        gathering = services.gathering_announce(
            actor=staff_user,
            kind=Gathering.Kind.GATHERING,
            title="Айылдык жыйын",
            title_ru="Сельский сход",
            agenda="Суу маселеси",
            agenda_ru="Вопрос воды",
            starts_at=timezone.now() - datetime.timedelta(hours=3),
            place="Клуб",
            village=village,
        )
        gathering = services.gathering_hold(
            gathering=gathering,
            actor=staff_user,
            held_on=timezone.localdate(),
            minutes="Суу маселеси талкууланды.",
            decisions="Демилгелүү топ түзүлсүн.",
            chair_name="Мамытов Бакыт",
            attendance={"attendance_total": 40, "attendance_women": 22, "attendance_men": 18},
            villages={village: 40},
        )
    document = gathering.document
    document.refresh_from_db()
    assert document.status == OfficialDocument.Status.ISSUED, document.error
    assert OfficialDocument.objects.filter(kind=OfficialDocument.Kind.PROTOCOL).count() == 1
    kyrgyz, russian = _both(client, document)
    assert "Айылдык жыйын" in kyrgyz and "Сельский сход" not in kyrgyz
    assert _ru("Minutes: %(title)s", title="Сельский сход") in russian
    assert "Вопрос воды" in russian and "Мамытов Бакыт" in russian
    assert _ru("Translation. The original of this document is in Kyrgyz.") in russian
    assert _ru("Participants") in russian and _ru("Participants") not in kyrgyz
    assert _number(kyrgyz) == _number(russian) == str(document.number)
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert reverse("municipality:document-pdf", args=[document.pk]) + "?language=ru" in page
