"""The one module that imports WeasyPrint."""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, default_url_fetcher


def local_files_only(url, timeout=10, ssl_context=None):
    """Let WeasyPrint read static/ (CSS, fonts), media/ photos and data: URIs, nothing else."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(url2pathname(parts.path)).resolve()
        roots = (settings.BASE_DIR / "static", Path(settings.MEDIA_ROOT))
        allowed = any(path.is_relative_to(root.resolve()) for root in roots)
    else:
        allowed = parts.scheme == "data"
    if not allowed:
        raise ValueError(f"Blocked PDF resource: {url}")
    return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)


def render_pdf(*, template_name: str, context: dict, language: str = "ky") -> bytes:
    with translation.override(language):  # workers have no request language
        html = render_to_string(template_name, context)
    return HTML(
        string=html,
        base_url=str(settings.BASE_DIR / "static") + "/",
        url_fetcher=local_files_only,
    ).write_pdf()
