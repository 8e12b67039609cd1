"""The document registry: numbers, versions, failures, the task, public pages."""

import datetime
import hashlib
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse

from municipality.models import DocumentCounter, OfficialDocument
from municipality.services import documents as documents_module
from municipality.services.documents import (
    document_correct,
    document_issue,
    document_render,
    document_retry,
)
from municipality.tasks import document_render_task
from tests.municipality.factories import NoticeFactory, UserFactory

FAKE_PDF = b"%PDF-1.7 fake "


@pytest.fixture
def fast_pdf(monkeypatch):
    """Skip WeasyPrint where the PDF's content does not matter (test_pdf.py renders real ones)."""
    calls = []

    def render_pdf(*, template_name, context, language="ky"):
        from django.template.loader import get_template

        get_template(template_name)  # a missing template still fails like the real thing
        calls.append(context["document"].pk)
        return FAKE_PDF + str(context["document"].pk).encode()

    monkeypatch.setattr("municipality.pdf.render_pdf", render_pdf)
    return calls


@pytest.fixture
def staff(db):
    return UserFactory(roles=["staff"])


def issue(
    *,
    actor,
    kind=OfficialDocument.Kind.ORDER,
    date=None,
    template="pdf/generic.html",
    subject=None,
    title="Буйрук: көчөлөрдү тазалоо жөнүндө",
    **kwargs,
):
    return document_issue(
        kind=kind,
        subject=subject,
        title=title,
        template_name=template,
        actor=actor,
        signer_name="Асанова Гүлнара",
        signer_position="Айыл өкмөт башчысы",
        date=date or datetime.date(2026, 4, 1),
        **kwargs,
    )


@pytest.mark.django_db
def test_numbers_run_per_kind_and_year(staff, fast_pdf, municipality):
    orders = [issue(actor=staff).number for _ in range(3)]
    protocol = issue(actor=staff, kind=OfficialDocument.Kind.PROTOCOL)
    next_year = issue(actor=staff, date=datetime.date(2027, 1, 2))
    assert orders == [1, 2, 3]
    assert protocol.number == 1
    assert (next_year.year, next_year.number) == (2027, 1)
    assert DocumentCounter.objects.get(kind="order", year=2026).last_number == 3


@pytest.mark.django_db
def test_rolled_back_issue_gives_its_number_back(staff, fast_pdf, municipality):
    issue(actor=staff)
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(actor=staff)
        raise RuntimeError("the caller's transaction fails")
    assert issue(actor=staff).number == 2


@pytest.mark.django_db
def test_issue_renders_after_commit_and_task_is_idempotent(
    staff, fast_pdf, municipality, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(actor=staff, subject=NoticeFactory())
        assert document.status == OfficialDocument.Status.PENDING
    document.refresh_from_db()
    assert document.status == OfficialDocument.Status.ISSUED
    content = document.file.read()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    issued_at, sha = document.issued_at, document.sha256

    document_render_task.delay(document_id=document.pk)  # a redelivered message
    document_render_task(document_id=document.pk)
    document.refresh_from_db()
    assert (document.issued_at, document.sha256) == (issued_at, sha)
    files = list((settings.MEDIA_ROOT / "municipality" / "officialdocument").rglob("*.pdf"))
    assert len(files) == 1
    assert fast_pdf == [document.pk]  # rendered once


@pytest.mark.django_db
def test_render_is_a_no_op_on_an_issued_document(staff, fast_pdf, municipality):
    document = issue(actor=staff)
    document_render(document=document)
    OfficialDocument.objects.filter(pk=document.pk).update(title="changed in the database")
    document.refresh_from_db()
    before = (document.file.name, document.sha256, document.issued_at)
    assert document_render(document=document).status == OfficialDocument.Status.ISSUED
    document.refresh_from_db()
    assert (document.file.name, document.sha256, document.issued_at) == before
    assert len(fast_pdf) == 1


@pytest.mark.django_db
def test_correction_issues_next_version_and_keeps_the_old_one(
    staff, fast_pdf, municipality, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = issue(actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        second = document_correct(document=first, actor=staff, title="Оңдолгон буйрук")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.number, second.version, second.supersedes_id) == (first.number, 2, first.pk)
    assert first.status == second.status == OfficialDocument.Status.ISSUED
    assert first.title == "Буйрук: көчөлөрдү тазалоо жөнүндө"  # the old version is unchanged
    assert first.file.name != second.file.name
    assert issue(actor=staff).number == 2  # a correction takes no new number

    old_page = client.get(first.get_absolute_url())
    assert old_page.status_code == 200
    assert second.get_absolute_url() in old_page.content.decode()
    assert "2-версия менен алмаштырылган" in old_page.content.decode()
    assert client.get(reverse("municipality:document-pdf", args=[first.pk])).status_code == 200

    with pytest.raises(ValidationError):
        document_correct(document=first, actor=staff)  # only the latest version is corrected
    third = document_correct(document=second, actor=staff)
    assert third.version == 3


@pytest.mark.django_db
def test_failed_render_is_shown_to_staff_with_retry(
    staff, fast_pdf, municipality, client, django_capture_on_commit_callbacks, broken_template
):
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(actor=staff, template="nowhere/missing.html")
    document.refresh_from_db()
    assert document.status == OfficialDocument.Status.FAILED
    assert "TemplateDoesNotExist" in document.error
    assert not document.file and not document.sha256

    # Visitors: "being prepared", no error, no PDF.
    page = client.get(document.get_absolute_url()).content.decode()
    assert "даярдалууда" in page
    assert "TemplateDoesNotExist" not in page
    assert reverse("municipality:document-pdf", args=[document.pk]) not in page
    assert client.get(reverse("municipality:document-pdf", args=[document.pk])).status_code == 404
    retry_url = reverse("municipality:document-retry", args=[document.pk])
    assert client.post(retry_url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.post(retry_url).status_code == 403
    with pytest.raises(PermissionDenied):
        document_retry(document=document, actor=UserFactory())

    # Staff: the error and a retry button; after the template is fixed the retry issues it.
    client.force_login(staff)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "TemplateDoesNotExist" in page and retry_url in page
    OfficialDocument.objects.filter(pk=document.pk).update(template_name="pdf/generic.html")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == OfficialDocument.Status.ISSUED
    assert document.error == ""
    with pytest.raises(ValidationError):
        document_retry(document=document, actor=staff)  # an issued document is never re-rendered


@pytest.mark.django_db
def test_public_page_and_pdf(
    staff, fast_pdf, municipality, client, django_capture_on_commit_callbacks
):
    notice = NoticeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(actor=staff, subject=notice)
    document.refresh_from_db()
    page = client.get(document.get_absolute_url()).content.decode()
    pdf_url = reverse("municipality:document-pdf", args=[document.pk])
    for expected in (
        "Буйрук",
        "№ 1",
        "01.04.2026",
        "Асанова Гүлнара",
        document.sha256,
        notice.get_absolute_url(),
        pdf_url,
    ):
        assert expected in page, expected
    assert "даярдалууда" not in page

    response = client.get(reverse("municipality:document-pdf", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="order-2026-1-v1.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_pending_document_page_says_being_prepared(staff, fast_pdf, municipality, client):
    document = issue(actor=staff)  # on_commit never runs: still pending
    page = client.get(document.get_absolute_url()).content.decode()
    assert "даярдалууда" in page
    assert client.get(reverse("municipality:document-pdf", args=[document.pk])).status_code == 404


@pytest.mark.django_db
def test_non_public_documents_are_hidden_from_visitors(staff, fast_pdf, municipality, client):
    document = issue(actor=staff)
    document_render(document=document)
    OfficialDocument.objects.filter(pk=document.pk).update(is_public=False)
    urls = [document.get_absolute_url(), reverse("municipality:document-pdf", args=[document.pk])]
    # /media/ is served as is: the stored name must not be guessable from kind and number.
    document.refresh_from_db()
    assert not document.file.name.endswith("/order-2026-1-v1.pdf")
    assert len(document.file.name.rsplit("-", 1)[-1]) >= 16
    for url in urls:
        assert client.get(url).status_code == 404
    assert document.title not in client.get(reverse("municipality:document-list")).content.decode()
    client.force_login(UserFactory())
    assert all(client.get(url).status_code == 404 for url in urls)
    client.force_login(staff)
    assert all(client.get(url).status_code == 200 for url in urls)


@pytest.mark.django_db
@pytest.mark.renders
def test_document_list_filters_and_constant_queries(
    staff, fast_pdf, municipality, client, django_assert_max_num_queries
):
    def add(count, kind=OfficialDocument.Kind.ORDER, year=2026):
        for _ in range(count):
            document_render(document=issue(actor=staff, kind=kind, date=datetime.date(year, 5, 1)))

    url = reverse("municipality:document-list")
    add(2)
    client.get(url)  # warm up (session, site caches)
    with django_assert_max_num_queries(8) as small:
        assert client.get(url).status_code == 200
    add(12)
    add(3, kind=OfficialDocument.Kind.PROTOCOL, year=2025)
    with django_assert_max_num_queries(8) as large:
        response = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(response.context["documents"]) == 17

    filtered = client.get(url, {"kind": "protocol", "year": "2025"})
    assert [d.kind for d in filtered.context["documents"]] == ["protocol"] * 3
    assert client.get(url, {"kind": "bogus", "year": "x", "page": "zzz"}).status_code == 200


# PostgreSQL: real concurrent transactions -------------------------------------------------------


def _concurrently(count, work):
    """Run `work(i)` in `count` threads, each with its own database connection."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_numbers_without_gaps(fast_pdf, municipality):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and concurrent transactions; CI sets DATABASE_URL")
    staff = UserFactory(roles=["staff"])
    count = 8

    def work(i):
        with transaction.atomic():
            # The first issuers of the year race to create the counter row, too.
            document = issue(actor=staff, date=datetime.date(2031, 2, 3))
            time.sleep(0.05)  # hold the counter lock so that the others really wait
        return document.number

    numbers, errors = _concurrently(count, work)
    assert not errors, errors
    assert sorted(numbers) == list(range(1, count + 1))
    assert DocumentCounter.objects.get(kind="order", year=2031).last_number == count


@pytest.mark.django_db(transaction=True)
def test_concurrent_corrections_make_one_next_version(fast_pdf, municipality):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and concurrent transactions; CI sets DATABASE_URL")
    staff = UserFactory(roles=["staff"])
    first = issue(actor=staff)

    def work(i):
        return document_correct(document=first, actor=staff).version

    versions, errors = _concurrently(4, work)
    assert [v for v in versions if v] == [2]
    assert len(errors) == 3 and all(isinstance(e, ValidationError) for e in errors)


@pytest.mark.django_db
def test_office_list_shows_failed_documents_first_to_staff_only(
    staff, fast_pdf, municipality, client, django_capture_on_commit_callbacks, broken_template
):
    issued = issue(actor=staff, title="Чыгарылган буйрук")
    document_render(document=issued)
    with django_capture_on_commit_callbacks(execute=True):
        failed = issue(actor=staff, title="Бузулган буйрук", template="nowhere/missing.html")
    url = reverse("municipality:office-documents")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.get(url)
    assert [d.pk for d in response.context["documents"]] == [failed.pk, issued.pk]
    filtered = client.get(url, {"status": "failed"})
    assert [d.pk for d in filtered.context["documents"]] == [failed.pk]
    assert client.get(url, {"status": "nonsense", "page": "-1"}).status_code == 200


@pytest.mark.django_db
def test_only_registered_documents_can_be_issued(staff, fast_pdf, municipality):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="not registered"):
        issue(actor=staff, template="pdf/base.html")
    # A registered template keeps its kind and the model of its subject.
    with pytest.raises(ImproperlyConfigured, match="issued as protocol"):
        issue(actor=staff, template="budget/pdf/protocol.html")
    with pytest.raises(ImproperlyConfigured, match="about a budget.Hearing"):
        issue(
            actor=staff,
            kind=OfficialDocument.Kind.PROTOCOL,
            template="budget/pdf/protocol.html",
            subject=NoticeFactory(),
        )


def test_every_app_registers_the_documents_it_issues():
    """Each template passed to document_issue in the apps' code is registered (no duck typing)."""
    import re
    from pathlib import Path

    from django.conf import settings

    issued = set()
    for app in ("initiatives", "budget", "monitoring", "engagement_plan", "municipality"):
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            text = path.read_text()
            if "document_issue(" in text:
                issued |= set(re.findall(r'template_name="([^"]+\.html)"', text))
    assert issued and issued <= set(documents_module.document_kinds())
    for spec in documents_module.document_kinds().values():
        assert spec.context is None or callable(spec.context)


def test_system_check_finds_a_registered_template_that_does_not_load():
    from municipality.checks import registered_documents

    assert registered_documents() == []


def test_system_check_names_the_broken_template(broken_template):
    from municipality.checks import registered_documents

    assert [e.id for e in registered_documents()] == ["municipality.E001"]
