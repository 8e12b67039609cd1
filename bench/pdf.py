"""Seconds per PDF: a two-page protocol against a minimal one-page "Салам".

    .venv/bin/python bench/pdf.py [N]      (default N = 20)
    .venv/bin/python bench/pdf.py --memory 100   (peak RSS of a process rendering 100 protocols)

The main run also starts `--memory 100` in a fresh process: the peak resident memory (RSS,
getrusage maxrss) of a worker-like process after its first protocol and after 100, so a leak
shows as growth. Figures go to build/bench/results/pdf.json for bench/summary.py.

Sets Django up itself with the dev settings and touches no database: the municipality and
the document are unsaved model instances. Prints figures only; the target is that a
protocol costs at most 3x the minimal render (fonts, QR code and layout included).
"""

import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipality.settings.dev")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"], ROOT / "bench" / "templates"]


class BenchUrls:
    """Only the document routes (the QR code's target), so the bench does not depend on
    every app's URLs being importable."""

    from django.conf.urls.i18n import i18n_patterns
    from django.urls import include, path

    from municipality.routes import documents

    urlpatterns = i18n_patterns(path("", include((documents.urlpatterns, "municipality"))))


settings.ROOT_URLCONF = BenchUrls

from municipality.models import Municipality, OfficialDocument  # noqa: E402
from municipality.pdf import html_to_pdf, render_pdf  # noqa: E402

MINIMAL_HTML = "<!doctype html><html lang='ky'><body><p>Салам</p></body></html>"


def protocol_context():
    municipality = Municipality(
        name="Ак-Булуң айыл өкмөтү",
        ayil_aimak="Ак-Булуң айыл аймагы",
        district="Жайыл району",
        oblast="Чүй облусу",
    )
    document = OfficialDocument(
        pk=4242,
        kind=OfficialDocument.Kind.PROTOCOL,
        year=2026,
        number=12,
        version=1,
        date=datetime.date(2026, 3, 5),
        title="Жергиликтүү бюджеттин долбоору боюнча коомдук угуунун протоколу",
        signer_name="Жумабеков Нурлан",
        signer_position="Айыл өкмөт башчысы",
        language="ky",
    )
    villages = ["Ак-Булуң", "Көк-Жар", "Төмөнкү-Суу"]
    return {
        "document": document,
        "municipality": municipality,
        "agenda": [
            "2027-жылдын жергиликтүү бюджетинин долбоорун талкуулоо.",
            "Ичүүчү суу түтүгүн оңдоого өз салымы (ашар) жөнүндө.",
            "Көчө жарыгы боюнча тургундардын сунуштары.",
        ],
        "participants": [
            (f"Тургун Үмүт {i}", villages[i % 3], "тургун" if i % 4 else "депутат")
            for i in range(1, 13)
        ],
        "paragraphs": [
            f"{i}. Сүйлөгөн тургун бюджеттин {i}-беренеси боюнча өз оюн билдирди: мектептин "
            "жылуулук системасын оңдоо, көчөлөргө жарык орнотуу жана ичүүчү суунун сапатын "
            "жакшыртуу маанилүү экенин белгиледи. Көңүл бурууну суранды."
            for i in range(1, 7)
        ],
        "decisions": [
            "Бюджеттин долбоору жактырылсын жана айылдык кеңешке сунушталсын.",
            "Ичүүчү суу боюнча иш тобу түзүлсүн; мөөнөтү — бир ай.",
            "Тургундардын сунуштары жыйынтыкталып, жарыя тактасына илинсин.",
        ],
    }


def timed(render, n):
    times = []
    for _ in range(n):
        start = time.process_time()  # CPU time: steadier on a shared machine
        pdf = render()
        times.append(time.process_time() - start)
    return statistics.median(times), statistics.mean(times), pdf


def page_count(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        try:
            info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
        except FileNotFoundError:
            return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def memory(n: int):
    context = protocol_context()
    render_pdf(template_name="bench/protocol.html", context=context, language="ky")
    first = peak_rss_mb()
    start = time.monotonic()
    for _ in range(n - 1):
        render_pdf(template_name="bench/protocol.html", context=context, language="ky")
    print(
        f"peak RSS after 1 protocol: {first:.0f} MB; after {n}: {peak_rss_mb():.0f} MB "
        f"({time.monotonic() - start:.1f} s wall)"
    )
    print(f"RSS {first:.1f} {peak_rss_mb():.1f}")


def annual_context():
    context = protocol_context()
    villages = ["Ак-Булуң", "Көк-Жар", "Төмөнкү-Суу", "Жаңы-Жол"]
    topics = [
        "Жергиликтүү бюджеттин аткарылышы",
        "Ичүүчү суу жана сугат",
        "Жолдор жана көчө жарыгы",
        "Мектептер жана бала бакчалар",
        "Саламаттык сактоо",
        "Демилгелер сынагы",
        "Коомдук угуулар",
        "Айылдык жыйындар жана курултай",
        "Мониторинг жана баалоо",
        "Жарандардын кайрылуулары",
        "Жер жана муниципалдык мүлк",
        "Келерки жылдын пландары",
    ]
    context["document"].title = "Калкка жылдык отчет: 2026-жыл"
    context["sections"] = [
        {
            "title": title,
            "text": "Айыл өкмөтү жыл ичинде бул багытта аткарылган иштер, чыгымдар жана "
            "тургундардын катышуусу жөнүндө отчет берет. " * 4,
            "bars": [(v, 20 + (i * 17 + k * 13) % 80) for k, v in enumerate(villages)],
            "rows": [
                (
                    f"{title}: {k}-иш-чара",
                    villages[k % 4],
                    f"{(k + 1) * 12_500:,}".replace(",", " "),
                    f"{(k + 1) * 11_200:,}".replace(",", " "),
                    f"{(89 + k % 11)}",
                )
                for k in range(1, 61)
            ],
        }
        for i, title in enumerate(topics)
    ]
    return context


def annual():
    """One annual-report-sized PDF in this fresh process: wall seconds, pages, peak RSS."""
    start, cpu = time.monotonic(), time.process_time()
    pdf = render_pdf(template_name="bench/annual_report.html", context=annual_context())
    seconds, cpu = time.monotonic() - start, time.process_time() - cpu
    print(f"ANNUAL {seconds:.2f} {page_count(pdf)} {peak_rss_mb():.0f} {cpu:.2f}")


def main():
    if sys.argv[1:2] == ["--annual"]:
        return annual()
    if sys.argv[1:2] == ["--memory"]:
        return memory(int(sys.argv[2]) if len(sys.argv) > 2 else 100)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    context = protocol_context()

    def minimal():
        return html_to_pdf(MINIMAL_HTML)

    def minimal_layout():
        return render_pdf(template_name="bench/salam.html", context=context, language="ky")

    def protocol():
        return render_pdf(template_name="bench/protocol.html", context=context, language="ky")

    for render in (minimal, minimal_layout, protocol):  # warm up: fontconfig, Pango, templates
        render()
    rows = [
        ("minimal 'Салам' (bare HTML)", *timed(minimal, n)),
        ("'Салам' in the official layout", *timed(minimal_layout, n)),
        ("protocol", *timed(protocol, n)),
    ]
    print(f"PDF renders per kind: {n} (CPU seconds of this process)")
    for label, median, mean, pdf in rows:
        print(f"  {label:<32} pages {page_count(pdf)}  median {median:.4f} s  mean {mean:.4f} s")
    bare, layout, protocol_median = rows[0][1], rows[1][1], rows[2][1]
    print(
        f"ratio protocol / minimal 'Салам':             {protocol_median / bare:.2f}x "
        "(target <= 3x)"
    )
    print(f"ratio protocol / 'Салам' in the same layout:  {protocol_median / layout:.2f}x")
    out = subprocess.run(
        [sys.executable, __file__, "--memory", "100"], capture_output=True, text=True, check=True
    ).stdout
    print(out.splitlines()[0])
    first, peak = (float(x) for x in out.splitlines()[-1].split()[1:3])
    annual_out = subprocess.run(
        [sys.executable, __file__, "--annual"], capture_output=True, text=True, check=True
    ).stdout.split()
    annual_seconds, annual_pages, annual_rss, annual_cpu = annual_out[1:5]
    annual_ok = float(annual_seconds) < 10 and float(annual_rss) < 400
    print(
        f"annual report size: {annual_pages} pages in {annual_seconds} s (wall), "
        f"peak RSS {annual_rss} MB   {'PASS' if annual_ok else 'FAIL'}"
    )
    try:
        sys.path.insert(0, str(ROOT))
        from bench.lib.common import record, row
    except ImportError:
        return
    ratio = protocol_median / bare
    record(
        "pdf",
        [
            row("PDF", "seconds per protocol (2 pages, CPU median)", f"{protocol_median:.3f} s"),
            row("PDF", "seconds per minimal 'Салам' (bare HTML)", f"{bare:.3f} s"),
            row(
                "PDF",
                "protocol / minimal 'Салам'",
                f"{ratio:.1f}x",
                "<= 3x (documents issue)",
                "PASS" if ratio <= 3 else "FAIL",
            ),
            row(
                "PDF",
                "protocol / 'Салам' in the official layout",
                f"{protocol_median / layout:.1f}x",
            ),
            row(
                "PDF",
                "peak RSS of a process rendering 100 protocols",
                f"{peak:.0f} MB (after 1: {first:.0f} MB)",
            ),
            row(
                "PDF",
                f"annual-report-sized PDF ({annual_pages} pages, 12 sections with bar charts "
                "and 60-row tables): wall time and peak RSS of a fresh process",
                f"{annual_seconds} s (CPU {annual_cpu} s), {annual_rss} MB",
                "< 10 s and < 400 MB",
                "PASS" if annual_ok else "FAIL",
            ),
        ],
    )


if __name__ == "__main__":
    main()
