"""Uploaded files are checked by their content (magic bytes), never by name, and by size.

Beyond the type, the content itself is checked (`validate_content`), for every app at once:
- JPEG and PNG must be whole images Pillow can read, of at most MAX_PIXELS pixels (a PNG
  declaring 50 000 × 50 000 is a decompression bomb, not a photo), without web page code
  anywhere in the file (polyglots such as a JPEG followed by <script>). Truncation is found
  by the end markers, not by Pillow: WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES = True
  for the whole process when it is imported.
- PDFs must not carry active content: JavaScript, launch actions or embedded files. A
  municipality's notices, scans and materials never need them, and residents open these
  files. The check reads the object dictionaries (outside streams, #xx escapes decoded);
  JavaScript hidden inside a compressed object stream is not seen.
"""

import io
import re
import warnings
from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

DOCUMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png"}
# Phones take 12–50 megapixel photos; more than this is a decompression bomb, not a photo.
MAX_PIXELS = 64_000_000

DAMAGED_IMAGE = _("This image could not be read: the file is damaged or not a complete image.")
TOO_MANY_PIXELS = _("The image has too many pixels.")
ACTIVE_CONTENT = _("This file contains scripts or web page code and is not accepted.")

# Web page code inside an image (polyglot files); long enough not to occur by chance.
MARKUP = (
    b"<script",
    b"<html",
    b"<?php",
    b"<svg ",
    b"<svg\n",
    b"<iframe",
    b"<!doctype",
    b"<body",
    b"javascript:",
)
PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.S)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)(?![A-Za-z0-9])")


def detect_type(upload) -> str | None:
    """The MIME type the file's first bytes show, or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_upload(upload, *, allowed=DOCUMENT_TYPES, max_bytes=None) -> str:
    """Refuse empty, oversized and wrong-type files; return the detected MIME type."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    mime = detect_type(upload)
    if mime not in allowed:
        raise ValidationError(
            _("This file type is not accepted. Upload %(types)s."),
            code="wrong_type",
            params={"types": ", ".join(sorted(set(allowed.values()))).upper()},
        )
    validate_content(upload, mime)
    _name_by_type(upload, allowed[mime])
    return mime


def _name_by_type(upload, extension: str) -> None:
    """Store the file under the extension of what it is, never the one it was sent with
    (a PDF sent as "notice.html" must not be served as a web page)."""
    stem = PurePath(str(upload.name or "").replace("\\", "/")).stem[:80] or "file"
    upload.name = f"{stem}.{extension}"


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _jpeg_whole(data: bytes) -> bool:
    """The end-of-image marker after the first start-of-scan (0xFFD9 cannot occur inside
    entropy-coded data, so its absence means the file was cut short)."""
    start_of_scan = data.find(b"\xff\xda")
    return start_of_scan != -1 and data.rfind(b"\xff\xd9") > start_of_scan


def validate_image(upload, mime: str | None = None) -> None:
    """Refuse a JPEG or PNG that is damaged, truncated, too many pixels or a polyglot."""
    data = _read_all(upload)
    mime = mime or detect_type(upload)
    if any(marker in data.lower() for marker in MARKUP):
        raise ValidationError(ACTIVE_CONTENT, code="active_content")
    if mime == "image/jpeg" and not _jpeg_whole(data):
        raise ValidationError(DAMAGED_IMAGE, code="malformed")
    if mime == "image/png" and b"IEND" not in data:
        raise ValidationError(DAMAGED_IMAGE, code="malformed")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
                if image.format == "JPEG":
                    image.draft("RGB", (800, 800))  # decode at a reduced scale: little memory
                    image.load()
                else:
                    image.verify()  # every chunk's checksum
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError):
        raise ValidationError(DAMAGED_IMAGE, code="malformed") from None


def validate_pdf(upload) -> None:
    """Refuse a PDF with JavaScript, launch actions or embedded files."""
    data = _read_all(upload)
    outside_streams = PDF_STREAM.sub(b"", data)
    names = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), outside_streams)
    if PDF_ACTIVE.search(names):
        raise ValidationError(ACTIVE_CONTENT, code="active_content")


def validate_content(upload, mime: str) -> None:
    if mime in IMAGE_TYPES:
        validate_image(upload, mime)
    elif mime == "application/pdf":
        validate_pdf(upload)


class CheckedFileField(forms.FileField):
    """A file field that checks content type and size; `allowed` maps MIME → extension."""

    def __init__(self, *args, allowed=DOCUMENT_TYPES, max_bytes=None, **kwargs):
        self.allowed = allowed
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data and hasattr(data, "size") and data is not initial:
            data.detected_type = validate_upload(
                data, allowed=self.allowed, max_bytes=self.max_bytes
            )
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedMultipleFileField(CheckedFileField):
    """Several checked files in one input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super(CheckedFileField, self).clean
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        cleaned = []
        for upload in files:
            upload = single(upload, initial)
            upload.detected_type = validate_upload(
                upload, allowed=self.allowed, max_bytes=self.max_bytes
            )
            cleaned.append(upload)
        return cleaned
