"""The PDF layout: Kyrgyz letters in regular and bold, number, date, QR, escaping, fetcher."""

import datetime
from urllib.parse import quote

import pytest
from django.conf import settings
from django.utils import translation

from municipality.models import Municipality, OfficialDocument
from municipality.pdf import LocalFilesFetcher, html_to_pdf, render_html, resource_allowed
from municipality.services.documents import document_issue, document_pdf_context
from tests.municipality.documents_helpers import pdf_fonts, pdf_text
from tests.municipality.factories import NoticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocol(municipality, django_capture_on_commit_callbacks):
    staff = UserFactory(roles=["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        document = document_issue(
            kind=OfficialDocument.Kind.PROTOCOL,
            subject=NoticeFactory(),
            title="Жыйындын протоколу: көңүлдүү таң <script>alert(1)</script>",
            template_name="pdf/generic.html",
            actor=staff,
            signer_name="Сыдыкова Үмүт",
            signer_position="Жыйындын катчысы",
            date=datetime.date(2026, 3, 5),
        )
    document.refresh_from_db()
    return document


def test_issued_pdf_has_kyrgyz_text_number_date_and_fonts(protocol):
    assert protocol.status == OfficialDocument.Status.ISSUED, protocol.error
    text = pdf_text(protocol.file.path)
    for expected in (
        "Жыйындын протоколу: көңүлдүү таң",
        "Сыдыкова Үмүт",
        "№ 1",
        "05.03.2026",
        "КӨКТӨБӨ АЙЫЛ ӨКМӨТҮ",
        "Чүй облусу",
        "протокол",
        "М.О.",
        "бет 1 / 1",
    ):
        assert expected in text, expected
    for letter in "ңөү":
        assert letter in text
    # User text is escaped: the tag is printed as text, never interpreted.
    assert "<script>alert(1)</script>" in text
    # One family in regular and bold, all embedded: ң ө ү needed no fallback font, and the
    # bold title/header (with ң, Ө, Ү) and the regular text use the same family.
    font_lines = pdf_fonts(protocol.file.path).splitlines()[2:]
    names = [line.split()[0].split("+")[-1] for line in font_lines]
    assert len(names) == 2, names
    regular, bold = sorted(names, key=len)
    assert bold == f"{regular}-Bold", names
    assert regular in ("Noto-Sans", "DejaVuSans", "DejaVu-Sans"), names


def test_html_has_qr_code_for_public_page_in_document_language(protocol):
    context = document_pdf_context(document=protocol)
    html = render_html(template_name="pdf/generic.html", context=context, language="ky")
    url = settings.SITE_URL.rstrip("/") + f"/ky/documents/{protocol.pk}/"
    assert url in html
    assert 'class="qr" src="data:image/svg+xml' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    with translation.override("ru"):
        ru_html = render_html(
            template_name="pdf/generic.html", context=context, language=protocol.language
        )
    assert url in ru_html  # a Kyrgyz document points to its Kyrgyz page whatever the UI language


def test_fetcher_refuses_everything_but_static_media_and_data(settings, tmp_path):
    static_css = settings.BASE_DIR / "static" / "css" / "portal.css"
    media_file = tmp_path / "media" / "x.png"
    assert resource_allowed(static_css.as_uri())
    assert resource_allowed(media_file.as_uri())
    assert resource_allowed("data:text/plain;base64,SGk=")
    assert not resource_allowed("http://127.0.0.1:9/x.png")
    assert not resource_allowed("https://example.com/font.ttf")
    assert not resource_allowed("file:///etc/passwd")
    assert not resource_allowed((settings.BASE_DIR / "static").as_uri() + "/../../etc/passwd")
    assert not resource_allowed("file://evil.example/etc/passwd")
    assert not resource_allowed("ftp://example.com/x")
    with pytest.raises(ValueError, match="Blocked"):
        LocalFilesFetcher().fetch("file:///etc/passwd")


def test_render_does_not_fetch_remote_or_system_files(monkeypatch):
    from weasyprint.urls import URLFetcher

    fetched = []
    svg = quote("<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>")
    original = URLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    html = (
        "<html><body><p>Салам</p>"
        '<img src="http://127.0.0.1:9/tracker.png">'
        '<img src="file:///etc/passwd">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        f'<img src="data:image/svg+xml,{svg}">'
        "</body></html>"
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert "Салам" in pdf_text(pdf)
    assert not any(url.startswith(("http:", "file:///etc")) for url in fetched), fetched


def test_base_layout_without_a_document_renders(municipality):
    """Posters and other non-registry PDFs reuse the layout without a document."""
    html = render_html(
        template_name="pdf/base.html",
        context={"municipality": Municipality.current()},
        language="ky",
    )
    assert "Көктөбө айыл аймагы" in html


def test_russian_document_uses_russian_labels(protocol):
    protocol.language = "ru"
    html = render_html(
        template_name="pdf/generic.html",
        context=document_pdf_context(document=protocol),
        language="ru",
    )
    assert 'content: "стр. " counter(page)' in html
    assert "М.П." in html and ">протокол<" in html
    assert settings.SITE_URL.rstrip("/") + f"/ru/documents/{protocol.pk}/" in html


def test_css_string_escapes_quotes_and_tags():
    from municipality.templatetags.pdf_tags import css_string

    assert css_string('a"b\\c</style>') == "a\\22 b\\5c c\\3c /style\\3e "


def test_base_layout_renders_without_a_municipality_in_the_context(tmp_path):
    """A minimal context (no `municipality`): the layout falls back to nothing instead of
    failing on a filter argument; the signer given on the document is still printed."""
    document = OfficialDocument(
        kind=OfficialDocument.Kind.ORDER,
        number=7,
        date=datetime.date(2026, 3, 5),
        title="Буйрук",
        signer_name="Сыдыкова Үмүт",
        signer_position="Жыйындын катчысы",
    )
    html = render_html(
        template_name="pdf/generic.html",
        context={"document": document, "paragraphs": ["Көңүлдүү таң"]},
    )
    assert "Сыдыкова Үмүт" in html and "Жыйындын катчысы" in html
    path = tmp_path / "minimal.pdf"
    path.write_bytes(html_to_pdf(render_html(template_name="pdf/generic.html", context={})))
    assert path.read_bytes().startswith(b"%PDF")
    bare = tmp_path / "document.pdf"
    bare.write_bytes(html_to_pdf(html))
    text = pdf_text(str(bare))
    assert "Көңүлдүү таң" in text and "Сыдыкова Үмүт" in text


def test_every_registered_pdf_template_renders_without_a_municipality():
    """The class of the case above: no document template may fail on a filter argument
    (`|default:municipality.…`) when the context lacks a variable; `firstof` falls back."""
    from municipality.services.documents import _KINDS

    failures = {}
    for template_name in sorted(_KINDS):
        try:
            render_html(template_name=template_name, context={}, language="ky")
        except Exception as error:  # noqa: BLE001 - the test lists every failing template
            failures[template_name] = repr(error)
    assert len(_KINDS) > 15 and not failures, failures


def test_right_and_centre_classes_win_in_a_bordered_table(tmp_path):
    """`.right` on a money cell of a `table.grid` puts the amount at the right edge (the grid's
    own `text-align: left` used to win by specificity in every document)."""
    import subprocess

    from django.template import Context, Template

    html = Template(
        '{% extends "pdf/base.html" %}{% block body %}<table class="grid"><tr>'
        '<td>Сумма</td><td class="right">78000</td></tr></table>{% endblock %}'
    ).render(Context({}))
    path = tmp_path / "grid.pdf"
    path.write_bytes(html_to_pdf(html))
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    page = float(boxes.split('<page width="')[1].split('"')[0])
    amount = boxes.split(">78000<")[0].rsplit("<word", 1)[1]
    x_max = float(amount.split('xMax="')[1].split('"')[0])
    assert x_max > page * 0.8, boxes  # at the right edge of the second, wide cell
