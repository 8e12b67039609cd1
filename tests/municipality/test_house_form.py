"""Issue 14, Documents: the house form of every PDF in Kyrgyz and Russian, read back with
pdftotext; page breaks; registers per issuing body; preview; paper orders; corrections."""

import io
import subprocess
import tempfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from municipality.models import DocumentCounter, OfficialDocument
from municipality.services.documents import (
    document_issue,
    document_preview_pdf,
    document_register_paper,
    document_translation_pdf,
)
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_text(pdf: bytes, *, first=None, last=None, raw=False) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        args = ["pdftotext", "-enc", "UTF-8"] + (["-raw"] if raw else [])
        if first:
            args += ["-f", str(first)]
        if last:
            args += ["-l", str(last)]
        out = subprocess.run(
            [*args, handle.name, "-"], capture_output=True, check=True, text=True
        ).stdout
    return " ".join(out.replace("\u202f", " ").replace("\xa0", " ").split())


def page_texts(pdf: bytes) -> list[str]:
    count = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type/Page")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(
            ["pdfinfo", handle.name], capture_output=True, check=True, text=True
        ).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    return [pdf_text(pdf, first=n, last=n) for n in range(1, count + 1)]


@pytest.fixture
def demo(django_capture_on_commit_callbacks, settings, tmp_path):
    """The whole demo (every app's seed): the longest real documents there are."""
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True, stdout=io.StringIO(), stderr=io.StringIO())
    return OfficialDocument.objects.filter(status=OfficialDocument.Status.ISSUED)


ORDER_KY = [
    "КЫРГЫЗ РЕСПУБЛИКАСЫ",
    "БУЙРУК КЫЛАМ:",
    "Бул буйруктун аткарылышын көзөмөлдөө өзүмө калтырылат",
    "М.О.",
]
ORDER_RU = [
    "КЫРГЫЗСКАЯ РЕСПУБЛИКА",
    "ПРИКАЗЫВАЮ:",
    "Контроль за исполнением настоящего распоряжения оставляю за собой",
    "М.П.",
]

PHRASES = {
    "initiatives/pdf/commission_order.html": (
        ORDER_KY + ["сом 00 тыйын", "комиссия түзүлсүн"],
        ORDER_RU + ["сомов 00 тыйынов", "Перевод", "О создании конкурсной комиссии"],
    ),
    "initiatives/pdf/results_order.html": (
        ORDER_KY + ["бекитилсин"],
        ORDER_RU + ["Утвердить", "Об утверждении итогов конкурса"],
    ),
    "engagement_plan/pdf/plan_order.html": (
        ORDER_KY + ["бекитилсин", "жүктөлсүн"],
        ORDER_RU + ["Утвердить", "Возложить", "Об утверждении плана вовлечения"],
    ),
    "engagement_plan/pdf/working_group_order.html": (
        ORDER_KY + ["бекитилсин", "жүктөлсүн"],
        ORDER_RU + ["Утвердить", "Возложить"],
    ),
    "initiatives/pdf/protocol.html": (
        [
            "КЫРГЫЗ РЕСПУБЛИКАСЫ",
            "Күн тартиби",
            "Угулду",
            "Токтом кылынды",
            "Катышкан жок",
            "сом 00 тыйын",
        ],
        ["КЫРГЫЗСКАЯ РЕСПУБЛИКА", "Повестка дня", "Слушали", "Решили", "Отсутствовали"],
    ),
    "initiatives/pdf/agreement.html": (
        [
            "КЫРГЫЗ РЕСПУБЛИКАСЫ",
            "милдеттери",
            "Төлөө графиги",
            "Отчеттор",
            "сом 00 тыйын",
            "эки нускада",
        ],
        ["КЫРГЫЗСКАЯ РЕСПУБЛИКА", "обязанности", "График платежей", "Отчёты", "сомов 00 тыйынов"],
    ),
    "initiatives/pdf/terms.html": (
        ["БЕКИТЕМИН", "Долбоордун максаты", "Чечиле турган көйгөй", "сом 00 тыйын"],
        ["УТВЕРЖДАЮ", "Цель проекта", "Решаемая проблема"],
    ),
    "monitoring/pdf/protocol.html": (
        [
            "КЫРГЫЗ РЕСПУБЛИКАСЫ",
            "БИРГЕЛЕШКЕН МОНИТОРИНГ ЖАНА БААЛОО ТОБУ",
            "Катышкан жок",
            "Күн тартиби",
        ],
        ["КЫРГЫЗСКАЯ РЕСПУБЛИКА", "ГРУППА СОВМЕСТНОГО МОНИТОРИНГА И ОЦЕНКИ", "Отсутствовали"],
    ),
    "budget/pdf/protocol.html": (
        ["КЫРГЫЗ РЕСПУБЛИКАСЫ", "Күн тартиби", "Токтом кылынды"],
        ["КЫРГЫЗСКАЯ РЕСПУБЛИКА", "Повестка дня", "Решили"],
    ),
}


# (the first signature's text, the last decision that must stay on its page)
KEEP_TOGETHER = {
    "initiatives/pdf/protocol.html": ("Комиссиянын төрагасы", "Токтом кылынды"),
    "initiatives/pdf/commission_order.html": ("М.О.", "Бул буйруктун аткарылышын"),
    "initiatives/pdf/results_order.html": ("М.О.", "Бул буйруктун аткарылышын"),
    "engagement_plan/pdf/plan_order.html": ("М.О.", "Бул буйруктун аткарылышын"),
    "engagement_plan/pdf/working_group_order.html": ("М.О.", "Бул буйруктун аткарылышын"),
    "budget/pdf/protocol.html": ("М.О.", "Токтом кылынды"),
}


def test_every_demo_document_in_kyrgyz_and_russian_in_the_house_form(demo):
    """Each kind read back: the formulas, sums in words, no page with only signatures."""
    seen = set()
    # The community app's annual report is issued once more as a Russian document of its own
    # (known gap: it should be a translation copy of the Kyrgyz original, same number).
    for document in demo.filter(language="ky").order_by("pk"):
        original = document.file.read()
        document.file.close()
        russian = document_translation_pdf(document=document, language="ru")
        ky, ru = pdf_text(original), pdf_text(russian)
        assert "КЫРГЫЗ РЕСПУБЛИКАСЫ" in ky, document.template_name
        assert "КЫРГЫЗСКАЯ РЕСПУБЛИКА" in ru, document.template_name
        assert f"№ {document.number}" in ru  # the same number in the copy
        assert "Перевод" in ru and "Перевод" not in ky
        assert ".00 сом" not in ky and ".00 сом" not in ru
        if document.template_name in PHRASES:
            seen.add(document.template_name)
            for phrase in PHRASES[document.template_name][0]:
                assert phrase in ky, (document.template_name, phrase, ky[:3000])
            for phrase in PHRASES[document.template_name][1]:
                assert phrase in ru, (document.template_name, phrase, ru[:3000])
        keep = KEEP_TOGETHER.get(document.template_name)
        if keep:
            # The signatures and the last decision are printed on the same page.
            pages = page_texts(original)
            signed = [text for text in pages if keep[0] in text]
            assert signed and keep[1] in signed[0], (document.template_name, pages)
        for pdf in (original, russian):
            pages = page_texts(pdf)
            for text in pages[1:]:
                # A later page never holds only the signature block: some body text is there.
                body = text
                for marker in ("М.О.", "М.П.", "____"):
                    body = body.replace(marker, "")
                assert len(body) > 200, (document.template_name, text)
    assert seen >= {
        "initiatives/pdf/commission_order.html",
        "initiatives/pdf/results_order.html",
        "initiatives/pdf/protocol.html",
        "initiatives/pdf/agreement.html",
        "initiatives/pdf/terms.html",
        "monitoring/pdf/protocol.html",
    }, seen


def test_preview_has_the_watermark_and_no_number(demo, client):
    from initiatives.models import Contest

    contest = Contest.objects.filter(results_order__isnull=False).first()
    pdf = document_preview_pdf(
        template_name="initiatives/pdf/results_order.html", subject=contest, title="Т"
    )
    text = pdf_text(pdf, raw=True)  # the watermark is diagonal: read in content order
    assert "ДОЛБООР" in text and "БУЙРУК КЫЛАМ:" in text
    assert "№ ____" in text
    before = OfficialDocument.objects.count()
    staff = UserFactory(roles=["staff"])
    client.force_login(staff)
    from django.contrib.contenttypes.models import ContentType

    url = reverse(
        "municipality:document-preview",
        args=[ContentType.objects.get_for_model(Contest).pk, contest.pk],
    )
    response = client.get(
        url, {"template": "initiatives/pdf/results_order.html", "language": "ru"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "ПРОЕКТ" in pdf_text(response.content, raw=True)
    assert client.get(url, {"template": "nope.html"}).status_code == 404
    # The office page that issues the orders links to their drafts.
    office = client.get(reverse("initiatives:office-contest", args=[contest.pk]))
    assert f"{url}?template=initiatives%2Fpdf%2Fresults_order.html" in office.content.decode()
    assert OfficialDocument.objects.count() == before  # a preview writes nothing


def _order(actor, **kwargs):
    return document_issue(
        kind=OfficialDocument.Kind.ORDER,
        subject=None,
        title="Көчөлөрдү тазалоо жөнүндө",
        template_name="pdf/generic.html",
        actor=actor,
        **kwargs,
    )


def test_numbering_per_issuing_body(municipality, django_capture_on_commit_callbacks):
    """Hearing, contest-commission and each monitoring group's protocols count apart."""
    from municipality.services.documents import document_kinds

    kinds = document_kinds()
    assert kinds["budget/pdf/protocol.html"].register == "hearing"
    assert kinds["initiatives/pdf/protocol.html"].register == "contest-commission"

    class Subject:
        group_id = 7

    assert kinds["monitoring/pdf/protocol.html"].register_for(Subject()) == "monitoring-group-7"
    staff = UserFactory(roles=["staff"])
    first = _order(staff)
    DocumentCounter.objects.create(
        kind="protocol", register="hearing", year=first.year, last_number=4
    )
    assert _order(staff).number == first.number + 1
    assert DocumentCounter.objects.get(kind="order", register="", year=first.year).last_number == 2
    assert DocumentCounter.objects.get(kind="protocol", register="hearing").last_number == 4


def test_monitoring_protocols_numbered_per_group(demo):
    from monitoring.models import Protocol

    for protocol in Protocol.objects.exclude(document=None):
        assert protocol.document.register == f"monitoring-group-{protocol.group_id}"
    numbers = sorted(
        p.document.number for p in Protocol.objects.exclude(document=None).order_by("pk")
    )
    assert numbers[0] == 1  # the group's own sequence starts at 1


def test_paper_order_registered_with_its_number_and_scan(municipality, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = UserFactory(roles=["staff"])
    client.force_login(staff)
    url = reverse("municipality:office-document-paper")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "order",
            "number": 12,
            "date": "2026-03-02",
            "title": "Жаз айларында көчөлөрдү тазалоо жөнүндө",
            "signer_name": "Асанов Б.",
            "signer_position": "Айыл өкмөт башчысы",
            "scan": SimpleUploadedFile("scan.pdf", MINIMAL_PDF, "application/pdf"),
            "is_public": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    paper = OfficialDocument.objects.get(on_paper=True)
    assert (paper.number, paper.year, paper.status) == (12, 2026, "issued")
    assert paper.file.read().startswith(b"%PDF")
    # The same number again is refused; the next issued order comes after it.
    with pytest.raises(ValidationError):
        document_register_paper(
            kind="order",
            number=12,
            date=paper.date,
            title="Экинчи",
            scan=io.BytesIO(MINIMAL_PDF),
            actor=staff,
        )
    again = client.post(
        url,
        {
            "kind": "order",
            "number": 12,
            "date": "2026-05-02",
            "title": "Кайталанган",
            "scan": SimpleUploadedFile("scan.pdf", MINIMAL_PDF, "application/pdf"),
        },
    )
    assert again.status_code == 200 and "12" in again.content.decode()
    assert DocumentCounter.objects.get(kind="order", register="", year=2026).last_number == 12
    import datetime

    assert _order(staff, date=datetime.date(2026, 6, 1)).number == 13
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "?language=ru" not in page  # a paper original has no translation copy
    resident = UserFactory()
    client.force_login(resident)
    assert client.get(url).status_code == 403


def test_correction_from_the_office(
    municipality, client, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    staff = UserFactory(roles=["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        old = _order(staff)
    old.refresh_from_db()
    assert old.status == "issued"
    client.force_login(staff)
    page = client.get(old.get_absolute_url()).content.decode()
    assert reverse("municipality:document-correct", args=[old.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("municipality:document-correct", args=[old.pk]))
    new = OfficialDocument.objects.get(supersedes=old)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert (new.number, new.version) == (old.number, 2)
    # The old one is kept and marked as replaced; the public page shows the history.
    client.logout()
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert new.get_absolute_url() in old_page
    new_page = client.get(new.get_absolute_url()).content.decode()
    assert old.get_absolute_url() in new_page
    # A replaced version cannot be corrected again (only the latest one).
    client.force_login(staff)
    client.post(reverse("municipality:document-correct", args=[old.pk]))
    assert OfficialDocument.objects.filter(number=old.number).count() == 2
    # Residents cannot correct.
    client.force_login(UserFactory())
    assert client.post(reverse("municipality:document-correct", args=[new.pk])).status_code == 403


def test_russian_copy_of_an_issued_document(
    municipality, client, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    staff = UserFactory(roles=["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        document = _order(staff)
    response = client.get(
        reverse("municipality:document-pdf", args=[document.pk]), {"language": "ru"}
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "КЫРГЫЗСКАЯ РЕСПУБЛИКА" in text and f"№ {document.number}" in text
    assert (
        client.get(
            reverse("municipality:document-pdf", args=[document.pk]), {"language": "xx"}
        ).status_code
        == 404
    )


def test_emergency_poster_looks_like_one(municipality):
    import datetime

    from django.utils import timezone

    from municipality.models import Notice
    from municipality.services.posters import notice_poster_pdf
    from tests.municipality.factories import NoticeFactory

    notice = NoticeFactory(
        category=Notice.Category.EMERGENCY,
        title="Сел коркунучу",
        expire_at=timezone.now() + datetime.timedelta(days=2),
    )
    text = pdf_text(notice_poster_pdf(notice=notice, language="ky").read_bytes())
    assert "ШАШЫЛЫШ" in text and "Мөөнөтү:" in text


def test_monitoring_protocol_needs_the_group_quorum(municipality):
    from monitoring import services
    from tests.monitoring.factories import SubjectFactory, group_with_chair

    group, chair, member = group_with_chair()
    protocol = services.protocol_start(actor=member.user, subject=SubjectFactory(group=group))
    services.protocol_save(
        actor=member.user, protocol=protocol, data={"findings": "Көпүрө оңдолду."}
    )
    services.protocol_submit(actor=member.user, protocol=protocol)
    protocol.members_present.add(member, chair)
    assert services.protocol_quorum(group=group) == 2
    with pytest.raises(ValidationError):
        services.protocol_sign(actor=chair.user, protocol=protocol)  # the chair alone
    protocol.refresh_from_db()
    assert protocol.status == "submitted"
