"""Weight: every public HTML page's first visit (HTML + stylesheets + scripts + fonts),
gzip-compressed as nginx sends it (level 5; fonts counted as stored, nginx does not gzip them).

    .venv/bin/python bench/weight.py

Pages: the same list as bench/queries.py (visitor, Kyrgyz, demo data), HTML pages only.
Assets: <link rel=stylesheet> (print ones too: browsers fetch them), <script src>,
<link rel=preload|icon>, and url(...) fonts inside those stylesheets. Target: < 150 KB.
"""

import gzip
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lib.common import django_setup, prepare_db, record, row  # noqa: E402

LIMIT = 150 * 1024
FONT = re.compile(r"\.(woff2?|ttf|otf|eot)$")


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and attrs.get("href") and ({"stylesheet", "preload", "icon"} & set(rel)):
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=5))


def static_bytes(url: str) -> bytes | None:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = url.split("?")[0].split("#")[0]
    if not path.startswith(settings.STATIC_URL):
        return None
    found = finders.find(path[len(settings.STATIC_URL) :])
    return Path(found).read_bytes() if found else None


def _css_fonts(url: str, data: bytes, sizes: dict) -> None:
    """Add the fonts a stylesheet loads to `sizes` (fonts are already compressed)."""
    base = url.rsplit("/", 1)[0] + "/"
    for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", data.decode(errors="replace")):
        if FONT.search(ref.split("?")[0]):
            font_url = ref if ref.startswith("/") else base + ref
            font = static_bytes(font_url)
            if font is not None:
                sizes[font_url] = len(font)


def page_assets(html: bytes, missing: set) -> dict:
    """The bytes (gzip, fonts as they are) of every static file a page loads, by URL."""
    parser = Assets()
    parser.feed(html.decode())
    sizes = {}
    for url in parser.urls:
        data = static_bytes(url)
        if data is None:
            missing.add(url)
            continue
        sizes[url] = len(data) if FONT.search(url) else gz(data)
        if url.endswith(".css"):
            _css_fonts(url, data, sizes)
    return sizes


def main():
    prepare_db()
    django_setup()
    from django.test import Client

    from bench.queries import public_paths

    client = Client()
    paths = [p for p in public_paths() if p.endswith("/") and "/feed/" not in p]
    heaviest, over, missing, measured = (0, ""), [], set(), 0
    print(f"  {'page':<36} {'HTML':>8} {'assets':>8} {'total':>8}  (gzip)")
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            continue
        html = response.content
        measured += 1
        sizes = page_assets(html, missing)
        total = gz(html) + sum(sizes.values())
        heaviest = max(heaviest, (total, path))
        if total >= LIMIT:
            over.append(path)
        print(
            f"  {path:<36} {gz(html) / 1024:7.1f}K {sum(sizes.values()) / 1024:7.1f}K "
            f"{total / 1024:7.1f}K  {'PASS' if total < LIMIT else 'FAIL'}"
        )
    if missing:
        print("  not found among static files (not counted):", ", ".join(sorted(missing)))
    listed = ", ".join(f"{url} {size / 1024:.1f}K" for url, size in sizes.items())
    print(f"assets of the last page: {listed}")
    rows = [
        row(
            "Weight",
            f"heaviest first visit: {heaviest[1]} (gzip)",
            f"{heaviest[0] / 1024:.1f} KB",
            "< 150 KB",
            "PASS" if not over else "FAIL",
        ),
        row(
            "Weight",
            "public pages under 150 KB",
            f"{measured - len(over)} of {measured}",
            "all",
            "PASS" if not over else "FAIL",
        ),
    ]
    record("weight", rows)


if __name__ == "__main__":
    main()
