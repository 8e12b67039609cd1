from django.contrib.contenttypes.models import ContentType
from django.db import models

from municipality.models import AuditEntry

from .public_version import public_content_changed


def _plain(value):
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def audit_record(
    *,
    actor,
    obj: models.Model,
    action: str = AuditEntry.Action.TRANSITION,
    old: str = "",
    new: str = "",
    changes: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit row: who did what to `obj`, from `old` to `new`, and why.

    `changes` maps a field name to a pair (before, after); values are stored as text.
    Every write service passes here, so this is where the kernel says that public content
    changed (the visitors' page cache, municipality/services/public_version.py).
    """
    public_content_changed()
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        old_status=str(old or ""),
        new_status=str(new or ""),
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
        reason=reason,
    )


def model_changes(*, before: models.Model | dict, after: models.Model, fields) -> dict:
    """The (before, after) pairs of `fields` that differ between two states of a row."""
    get = before.get if isinstance(before, dict) else lambda f: getattr(before, f)
    return {f: (get(f), getattr(after, f)) for f in fields if get(f) != getattr(after, f)}
