"""The one module that imports WeasyPrint."""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher


class BlockedResource(ValueError):
    """WeasyPrint asked for something outside static/, media/ and data: URIs."""


def resource_allowed(url: str) -> bool:
    """Only the project's static/ files, media/ uploads and data: URIs may be read."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(url2pathname(parts.path)).resolve()  # resolves "..", symlinks
    roots = [settings.BASE_DIR / "static", Path(settings.MEDIA_ROOT)]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    return any(path.is_relative_to(root.resolve()) for root in roots)


class LocalFilesFetcher(URLFetcher):
    """Let WeasyPrint read static/ (CSS, images), media/ photos and data: URIs, nothing else."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allowed_protocols", ("file", "data"))
        kwargs.setdefault("allow_redirects", False)
        super().__init__(**kwargs)

    def fetch(self, url, headers=None):
        if not resource_allowed(url):
            raise BlockedResource(f"Blocked PDF resource: {url}")
        return super().fetch(url, headers)


def local_files_only(url):
    """Fetch one URL the way WeasyPrint would, refusing everything but local files."""
    return LocalFilesFetcher().fetch(url)


def render_html(*, template_name: str, context: dict, language: str = "ky") -> str:
    with translation.override(language):  # workers have no request language
        return render_to_string(template_name, context)


def html_to_pdf(html: str) -> bytes:
    return HTML(
        string=html,
        base_url=str(settings.BASE_DIR / "static") + "/",
        url_fetcher=LocalFilesFetcher(),
    ).write_pdf()


def render_pdf(*, template_name: str, context: dict, language: str = "ky") -> bytes:
    html = render_html(template_name=template_name, context=context, language=language)
    return html_to_pdf(html)
