"""Uploaded files: stored under unguessable names and served only after a permission check.

Every file field of every app is a `ProtectedFileField` or `ProtectedImageField`, which use
`upload_to`: the stored name is
`<app>/<model>/<year>/<32 random hex digits>.<extension>`, so nobody reaches a file by
guessing its address. Every app registers its file-bearing models in its
`AppConfig.ready()` with a rule `(user, obj) -> bool`, usually the app's own permission
for the object the file belongs to:

    file_register(NoticeAttachment, lambda user, a: notice_visible(a.notice) or is_office(user))

`views/files.py` serves `file_url(obj.file)` only when the rule lets the person see it
(a 404 otherwise, as for the object's own page). The kernel imports no app: it only knows
what the apps register (`tests/municipality/test_files.py` walks every model so that a new
file field cannot forget either).

Production (`PRIVATE_MEDIA_ACCEL_PREFIX` set, `deploy/nginx.conf`): the view answers with an
empty body and `X-Accel-Redirect`, nginx sends the file from an `internal` location, and
/media/ is not served at all. Development streams the file itself.
"""

import hashlib
import mimetypes
import re
import secrets
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

# "app_label.model_name" → who may see the files of one object.
FILE_RULES: dict[str, Callable] = {}
# "app_label.model_name" → the name a download is saved under (else the stored name).
FILE_NAMES: dict[str, Callable] = {}
UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\u202a-\u202e\u2066-\u2069]+')

EXTENSION = re.compile(r"^[a-z0-9]{1,8}$")
UNGUESSABLE = re.compile(r"^[a-z0-9_]+/[a-z0-9_]+/\d{4}/[0-9a-f]{32}(\.[a-z0-9]{1,8})?$")
# Shown in the browser; everything else is downloaded, never rendered as a page.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}
PUBLIC_CACHE = "public, max-age=3600"
PRIVATE_CACHE = "private, no-store"


def upload_to(instance, filename: str) -> str:
    """A random name under the model's folder; only the (detected) extension is kept."""
    suffix = PurePosixPath(str(filename).replace("\\", "/")).suffix.lower().lstrip(".")
    extension = f".{suffix}" if EXTENSION.match(suffix) else ""
    opts = instance._meta
    year = timezone.now().year
    return f"{opts.app_label}/{opts.model_name}/{year}/{secrets.token_hex(16)}{extension}"


class _ServedByTheFileView:
    @property
    def url(self) -> str:
        """The permission-checked address (the admin's "Currently:" link too), never /media/."""
        self._require_file()
        return file_url(self)


class ProtectedFieldFile(_ServedByTheFileView, FieldFile):
    pass


class ProtectedImageFieldFile(_ServedByTheFileView, ImageFieldFile):
    pass


class ProtectedFileField(models.FileField):
    """The FileField of every app: a random stored name, `.url` through the file view."""

    attr_class = ProtectedFieldFile

    def __init__(self, *args, upload_to=upload_to, **kwargs):
        super().__init__(*args, upload_to=upload_to, **kwargs)


class ProtectedImageField(models.ImageField):
    """The ImageField of every app: a random stored name, `.url` through the file view."""

    attr_class = ProtectedImageFieldFile

    def __init__(self, *args, upload_to=upload_to, **kwargs):
        super().__init__(*args, upload_to=upload_to, **kwargs)


def file_register(
    model: type[models.Model], can_view: Callable, *, download_name: Callable | None = None
) -> None:
    """Serve the files of `model` to the people for whom `can_view(user, obj)` is true,
    saved under `download_name(obj)` when given."""
    FILE_RULES[model._meta.label_lower] = can_view
    if download_name is not None:
        FILE_NAMES[model._meta.label_lower] = download_name


def file_download_name(title: str, fieldfile) -> str:
    """A person's title for a file with the stored (detected) extension: "Смета.pdf"."""
    suffix = PurePosixPath(fieldfile.name).suffix
    stem = " ".join(UNSAFE_NAME.sub(" ", str(title or "")).split()).strip(" .")
    if stem.lower().endswith(suffix.lower()) and suffix:
        stem = stem[: -len(suffix)]
    return f"{stem[:100].strip() or 'file'}{suffix}"


def file_name_for(obj) -> str:
    name = FILE_NAMES.get(obj._meta.label_lower)
    return name(obj) if name else ""


def file_rule(model: type[models.Model]) -> Callable | None:
    return FILE_RULES.get(model._meta.label_lower)


def file_can_view(user, obj) -> bool:
    rule = file_rule(type(obj))
    return bool(rule and rule(user, obj))


def file_is_public(obj) -> bool:
    """What a visitor without an account may see may be cached by anyone."""
    return file_can_view(AnonymousUser(), obj)


def file_url(fieldfile) -> str:
    """The address of a stored file: stable while the file is not replaced."""
    instance = fieldfile.instance
    if not fieldfile or instance.pk is None:
        return ""
    return reverse(
        "file",
        kwargs={
            "model": instance._meta.label_lower,
            "pk": instance.pk,
            "field": fieldfile.field.name,
            "name": PurePosixPath(fieldfile.name).name,
        },
    )


def _validators(name: str) -> tuple[str, int] | None:
    """ETag and Last-Modified (a timestamp) of a stored file, from its name, size and time."""
    try:
        size = default_storage.size(name)
        modified = int(default_storage.get_modified_time(name).timestamp())
    except (OSError, NotImplementedError):
        return None
    digest = hashlib.sha1(f"{name}:{size}:{modified}".encode()).hexdigest()[:20]
    return f'"{digest}"', modified


def file_response(name: str, *, public: bool, filename: str = "", request=None) -> HttpResponse:
    """Send the stored file `name`: through nginx when it is in front, streamed otherwise.

    With `request`, a conditional GET whose copy is current gets 304 Not Modified (ETag and
    Last-Modified from the stored file) and nothing is read or sent."""
    validators = _validators(name) if request is not None else None
    if validators is not None:
        etag, modified = validators
        not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
        if not_modified is not None:
            not_modified["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
            return not_modified
    response = _file_response(name, public=public, filename=filename)
    if validators is not None:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
    return response


def _file_response(name: str, *, public: bool, filename: str = "") -> HttpResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    if not inline:
        content_type = "application/octet-stream"
    filename = filename or PurePosixPath(name).name
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    if prefix:
        if not default_storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        disposition = "inline" if inline else "attachment"
        response["Content-Disposition"] = f"{disposition}; filename*=utf-8''{quote(filename)}"
    else:
        try:
            handle = default_storage.open(name, "rb")
        except (FileNotFoundError, IsADirectoryError):
            raise Http404 from None
        response = FileResponse(
            handle, content_type=content_type, as_attachment=not inline, filename=filename
        )
    response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.get_fields() if isinstance(f, models.FileField)]


def files_rename_unguessable(
    *, dry_run: bool = False, log: Callable = print, models_to_check=None
) -> int:
    """Move files stored under their original names to `upload_to` names; returns how many.

    `models_to_check`: every registered model by default; each app's migration
    `*_unguessable_upload_names` passes its own historical models. Safe to run again: names
    already random are skipped, each row is updated only after its file has been copied, and
    the old file is removed only once that update is committed.
    """
    if models_to_check is None:
        models_to_check = [apps.get_model(label) for label in sorted(FILE_RULES)]
    moved = 0
    for model in models_to_check:
        label = model._meta.label_lower
        for field in file_fields(model):
            rows = model._default_manager.exclude(**{field.name: ""}).exclude(
                **{f"{field.name}__isnull": True}
            )
            for obj in rows.only("pk", field.name).iterator():
                old = getattr(obj, field.name).name
                if UNGUESSABLE.match(old):
                    continue
                if not field.storage.exists(old):
                    log(f"missing: {label}.{field.name} #{obj.pk}: {old}")
                    continue
                moved += 1
                if dry_run:
                    log(f"would move {old}")
                    continue
                with field.storage.open(old, "rb") as handle:
                    new = field.storage.save(upload_to(obj, old), handle)
                model._default_manager.filter(pk=obj.pk).update(**{field.name: new})
                # Only once the new name is committed (a migration runs in a transaction).
                transaction.on_commit(lambda old=old, storage=field.storage: storage.delete(old))
                log(f"moved {old} → {new}")
    return moved
