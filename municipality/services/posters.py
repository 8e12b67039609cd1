"""A4 posters of notices for the physical notice board (маалымат тактасы).

A poster is not a numbered official document: it is rendered on request and cached in
media/posters/ under a name made of the notice id, the language and a keyed hash of the
notice's `updated_at`, so an edited notice gets a fresh poster and the old file is removed.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from municipality.models import Municipality, Notice

POSTER_TEMPLATE = "pdf/poster.html"


def _poster_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "posters"


def notice_poster_path(*, notice: Notice, language: str) -> Path:
    """Where a notice's printable poster is cached, keyed to its last change."""
    stamp = timezone.localtime(notice.updated_at).strftime("%Y%m%d%H%M%S%f")
    # Keyed with SECRET_KEY: stable for the cache, but not guessable from /media/ once the
    # notice is withdrawn.
    token = salted_hmac("notice-poster", f"{notice.pk}:{language}:{stamp}").hexdigest()[:20]
    return _poster_dir() / f"notice-{notice.pk}-{language}-{token}.pdf"


def notice_poster_pdf(*, notice: Notice, language: str = "ky") -> Path:
    """The path of the notice's poster PDF in `language`, rendered if not cached yet."""
    from municipality.pdf import render_pdf  # WeasyPrint loads only where a PDF is drawn

    path = notice_poster_path(notice=notice, language=language)
    if path.exists():
        return path
    pdf = render_pdf(
        template_name=POSTER_TEMPLATE,
        context={"notice": notice, "municipality": Municipality.current()},
        language=language,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file and rename: a reader never sees half a PDF.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(fd, "wb") as handle:
        handle.write(pdf)
    os.replace(tmp, path)
    for old in path.parent.glob(f"notice-{notice.pk}-{language}-*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
    return path
