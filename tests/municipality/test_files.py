"""Uploaded files are as private as the object they belong to (issue 12, item 2).

Every stored name is random (municipality.files.upload_to), every file is served by
municipality/views/files.py after the owning app's rule, and /media/ is routed only in DEBUG.
"""

import datetime
import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve
from django.utils import timezone

from budget.models import Hearing, HearingMaterial
from engagement_plan.models import ActivityPhoto, Plan
from initiatives.models import ApplicationAttachment, Contest, ContestFile
from monitoring.models import Photo, Protocol
from municipality import files
from municipality.files import UNGUESSABLE, file_url
from municipality.models import Notice, NoticeAttachment
from tests.budget.factories import HearingFactory
from tests.engagement_plan.factories import ActivityFactory, PlanFactory
from tests.initiatives.factories import ApplicationFactory, ContestFactory
from tests.monitoring.factories import ProtocolFactory, jpeg_bytes
from tests.municipality.factories import IssuedOrderFactory, NoticeFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
pytestmark = pytest.mark.django_db


def _pdf(name="tartip.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _attachment(notice, name="tartip.pdf"):
    return NoticeAttachment.objects.create(
        notice=notice, file=_pdf(name), title=name, content_type="application/pdf", size=len(PDF)
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_visible_notice_attachment_is_public_at_a_stable_address(client):
    attachment = _attachment(NoticeFactory())
    url = file_url(attachment.file)
    assert url.startswith(f"/files/municipality.noticeattachment/{attachment.pk}/file/")
    response = client.get(url)
    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == files.PUBLIC_CACHE
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(url).status_code == 200  # the same address again
    page = client.get(f"/ky/notices/{attachment.notice.pk}/").content.decode()
    assert url in page
    assert "/media/" not in page


@pytest.mark.parametrize("state", ["draft", "scheduled", "withdrawn", "expired"])
def test_hidden_notice_attachment_is_a_404_for_all_but_the_office(client, state):
    now = timezone.now()
    notice = NoticeFactory()
    attachment = _attachment(notice)
    url = file_url(attachment.file)
    assert client.get(url).status_code == 200  # published: visible
    if state == "draft":
        notice.status = Notice.Status.DRAFT
    elif state == "scheduled":
        notice.publish_at = now + datetime.timedelta(days=2)
    elif state == "withdrawn":
        notice.status = Notice.Status.DRAFT  # taken off the board after publication
    else:
        notice.expire_at = now - datetime.timedelta(minutes=1)
    notice.save()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(roles=["staff"]))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_old_media_address_of_a_draft_attachment_is_not_served(client):
    """The issue's test: /media/<name> of a draft's attachment leads nowhere."""
    attachment = _attachment(NoticeFactory(status=Notice.Status.DRAFT))
    assert Path(attachment.file.path).exists()
    assert client.get("/media/" + attachment.file.name).status_code == 404
    assert client.get(file_url(attachment.file)).status_code == 404


def test_stored_names_are_random_not_the_original_name():
    notice = NoticeFactory()
    first = _attachment(notice, "byudzhet-2026.pdf")
    second = _attachment(notice, "byudzhet-2026.pdf")
    for attachment in (first, second):
        assert UNGUESSABLE.match(attachment.file.name), attachment.file.name
        assert "byudzhet" not in attachment.file.name
        assert attachment.file.name.startswith("municipality/noticeattachment/")
        assert attachment.file.name.endswith(".pdf")
    assert first.file.name != second.file.name


def test_upload_to_keeps_only_a_plain_extension():
    notice = NoticeAttachment()
    assert files.upload_to(notice, "скан.JPG").endswith(".jpg")
    assert "." not in files.upload_to(notice, "evil.ph<p>").rsplit("/", 1)[-1]
    assert "." not in files.upload_to(notice, "noext").rsplit("/", 1)[-1]
    assert ".." not in files.upload_to(notice, "../../etc/passwd")


def test_draft_contest_files_are_hidden_until_announced(client):
    contest = ContestFactory(status=Contest.Status.DRAFT)
    contest_file = ContestFile.objects.create(contest=contest, file=_pdf("tz.pdf"), title="ТТ")
    url = file_url(contest_file.file)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.ANNOUNCED)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == files.PUBLIC_CACHE


def test_draft_hearing_materials_are_hidden_until_announced(client):
    hearing = HearingFactory(status=Hearing.Status.DRAFT)
    material = HearingMaterial.objects.create(
        hearing=hearing, title="Долбоор", file=_pdf(), content_type="application/pdf", size=1
    )
    url = file_url(material.file)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(roles=["staff"]))
    assert client.get(url).status_code == 200
    client.logout()
    Hearing.objects.filter(pk=hearing.pk).update(status=Hearing.Status.ANNOUNCED)
    assert client.get(url).status_code == 200


def test_application_attachment_only_for_the_applicant_and_the_office(client):
    application = ApplicationFactory()
    attachment = ApplicationAttachment.objects.create(
        application=application, file=_pdf("smeta.pdf"), title="Смета"
    )
    url = file_url(attachment.file)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    for user in (application.applicant, UserFactory(roles=["staff"])):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert _body(response) == PDF


def test_monitoring_photo_of_a_draft_protocol_is_hidden(client):
    protocol = ProtocolFactory(status=Protocol.Status.DRAFT)
    photo = Photo.objects.create(
        protocol=protocol, image=SimpleUploadedFile("visit.jpg", jpeg_bytes(size=(40, 30)))
    )
    assert UNGUESSABLE.match(photo.image.name)
    url = file_url(photo.image)
    assert client.get(url).status_code == 404
    Protocol.objects.filter(pk=protocol.pk).update(status=Protocol.Status.PUBLISHED)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_photos_of_a_draft_plan_are_hidden(client):
    activity = ActivityFactory(plan=PlanFactory(status=Plan.Status.DRAFT))
    photo = ActivityPhoto.objects.create(
        activity=activity,
        file=SimpleUploadedFile("a.jpg", jpeg_bytes(size=(40, 30))),
        content_type="image/jpeg",
        size=1,
    )
    url = file_url(photo.file)
    assert client.get(url).status_code == 404
    Plan.objects.filter(pk=activity.plan_id).update(status=Plan.Status.IN_FORCE)
    assert client.get(url).status_code == 200


def test_wrong_name_model_or_field_is_a_404(client):
    attachment = _attachment(NoticeFactory())
    url = file_url(attachment.file)
    base, name = url.rsplit("/", 1)
    assert client.get(f"{base}/{'0' * 32}.pdf").status_code == 404  # a replaced file
    assert client.get(url.replace("/file/", "/title/")).status_code == 404
    assert client.get(url.replace("noticeattachment", "outboxmessage")).status_code == 404
    assert client.get(url.replace("municipality.", "nosuchapp.")).status_code == 404
    assert client.post(url).status_code == 405


def test_accel_redirect_behind_nginx_sends_no_body(client, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected-media/"
    application = ApplicationFactory()
    attachment = ApplicationAttachment.objects.create(
        application=application, file=_pdf("smeta.pdf"), title="Смета"
    )
    client.force_login(application.applicant)
    response = client.get(file_url(attachment.file))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + attachment.file.name
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''")
    assert response["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(file_url(attachment.file)).status_code == 404
    assert not client.get(file_url(attachment.file)).has_header("X-Accel-Redirect")


def test_issued_document_pdf_goes_through_nginx_too(client, settings, municipality):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected-media/"
    document = IssuedOrderFactory(number=7, file=_pdf("order.pdf"))
    assert UNGUESSABLE.match(document.file.name)
    response = client.get(f"/ky/documents/{document.pk}/pdf/")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + document.file.name
    assert "order-2026-7-v1.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == files.PUBLIC_CACHE


def test_non_document_types_are_downloaded_not_rendered(client):
    attachment = _attachment(NoticeFactory())
    NoticeAttachment.objects.filter(pk=attachment.pk).update(
        file=attachment.file.name.replace(".pdf", ".html")
    )
    Path(attachment.file.path).rename(Path(attachment.file.path).with_suffix(".html"))
    attachment.refresh_from_db()
    response = client.get(file_url(attachment.file))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def _reload_urls():
    import municipality.urls

    importlib.reload(municipality.urls)
    clear_url_caches()


def test_media_is_routed_only_in_debug():
    with pytest.raises(Resolver404):
        resolve("/media/municipality/noticeattachment/2026/x.pdf")
    try:
        with override_settings(DEBUG=True):
            _reload_urls()
            assert resolve("/media/a/b.pdf").func.__name__ == "serve"
    finally:
        _reload_urls()
    with pytest.raises(Resolver404):
        resolve("/media/a/b.pdf")


def test_every_file_field_uses_the_kernel_upload_to_and_is_registered():
    """A new FileField or ImageField anywhere fails here until it is stored and served safely."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                found.append(f"{model._meta.label}.{field.name}")
                assert field.upload_to is files.upload_to, found[-1]
                assert isinstance(field, files.ProtectedFileField | files.ProtectedImageField), (
                    found[-1]
                )
                assert files.file_rule(model) is not None, f"{model._meta.label} not registered"
    assert len(found) >= 11, found
    assert set(files.FILE_RULES) <= {m._meta.label_lower for m in apps.get_models()}


def test_existing_files_are_renamed_to_random_names(settings, django_capture_on_commit_callbacks):
    """`manage.py files_rename_unguessable` moves files uploaded before upload_to."""
    notice = NoticeFactory(status=Notice.Status.DRAFT)
    old_name = "notices/2026/05/byudzhet.pdf"
    old_path = Path(settings.MEDIA_ROOT) / old_name
    old_path.parent.mkdir(parents=True)
    old_path.write_bytes(PDF)
    attachment = NoticeAttachment.objects.create(
        notice=notice, file=old_name, title="byudzhet.pdf", content_type="application/pdf", size=1
    )
    missing = NoticeAttachment.objects.create(
        notice=notice, file="notices/2026/05/gone.pdf", content_type="application/pdf", size=1
    )
    kept = _attachment(notice)
    kept_name = kept.file.name

    call_command("files_rename_unguessable", "--dry-run", stdout=StringIO())
    assert old_path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("files_rename_unguessable", stdout=StringIO())

    attachment.refresh_from_db()
    assert UNGUESSABLE.match(attachment.file.name)
    assert attachment.file.name.endswith(".pdf")
    assert Path(attachment.file.path).read_bytes() == PDF
    assert not old_path.exists()
    kept.refresh_from_db()
    assert kept.file.name == kept_name  # already random: untouched
    missing.refresh_from_db()
    assert missing.file.name == "notices/2026/05/gone.pdf"  # reported, not invented
    assert files.files_rename_unguessable(log=lambda line: None) == 0  # a second run: nothing


def test_dot_url_and_the_admin_link_go_through_the_file_view(client):
    attachment = _attachment(NoticeFactory(status=Notice.Status.DRAFT))
    assert attachment.file.url == file_url(attachment.file)
    assert attachment.file.url.startswith("/files/")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/ky/admin/municipality/notice/{attachment.notice.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert attachment.file.url in html
    assert "/media/" not in html


def test_each_apps_migration_renames_its_own_old_files(
    settings, django_capture_on_commit_callbacks
):
    """The data step of `budget/migrations/0005_unguessable_upload_names.py` (each app has one)."""
    migration = importlib.import_module("budget.migrations.0005_unguessable_upload_names")
    hearing = HearingFactory()
    old_name = "budget/hearings/2025/loyiha.pdf"
    old_path = Path(settings.MEDIA_ROOT) / old_name
    old_path.parent.mkdir(parents=True)
    old_path.write_bytes(PDF)
    material = HearingMaterial.objects.create(
        hearing=hearing, title="Долбоор", file=old_name, content_type="application/pdf", size=1
    )
    notice_file = NoticeAttachment.objects.create(
        notice=NoticeFactory(), file=old_name, content_type="application/pdf", size=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        migration.rename_stored_files(apps, None)
    material.refresh_from_db()
    assert material.file.name.startswith("budget/hearingmaterial/")
    assert UNGUESSABLE.match(material.file.name)
    assert material.file.read() == PDF
    notice_file.refresh_from_db()
    assert notice_file.file.name == old_name  # another app's model: its own migration's job


def test_downloads_keep_the_title_and_the_detected_extension(client):
    attachment = _attachment(NoticeFactory(), "tartip.pdf")
    NoticeAttachment.objects.filter(pk=attachment.pk).update(title="Тартип / 2026.pdf")
    response = client.get(file_url(attachment.file))
    assert "Тартип" not in attachment.file.name
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline")
    assert disposition.endswith("%D0%A2%D0%B0%D1%80%D1%82%D0%B8%D0%BF%202026.pdf")  # Тартип 2026
    assert files.file_download_name("x\u202egpj.exe", attachment.file) == "x gpj.exe.pdf"
    assert files.file_download_name("", attachment.file) == "file.pdf"


def test_posters_go_through_nginx_and_are_revalidated(client, settings, monkeypatch, municipality):
    monkeypatch.setattr("municipality.pdf.render_pdf", lambda **kw: b"%PDF-x")
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected-media/"
    notice = NoticeFactory()
    response = client.get(f"/ky/notices/{notice.pk}/poster.pdf")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"].startswith(f"/protected-media/posters/notice-{notice.pk}-")
    assert response.content == b""
    assert response["Cache-Control"] == "public, no-cache"
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = ""
    response = client.get(f"/ky/notices/{notice.pk}/poster.pdf")
    assert _body(response) == b"%PDF-x"
