"""Uploaded files are checked by their content (magic bytes), never by name, and by size."""

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DOCUMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png"}


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
    return mime


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
