"""The one way a status changes: lock, check the table and the permission, save, audit.

Every app's services move their objects through `workflow_move`; side effects
(notices, documents, notifications on commit) stay in the app's service around it.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from municipality.models import AuditEntry
from municipality.models.workflow import WorkflowModel

from .audit import audit_record

Permission = Callable[[object, WorkflowModel], bool]


def workflow_check(
    *, obj: WorkflowModel, to: str, actor=None, permission: Permission | None = None
) -> None:
    """Raise what `workflow_move` would raise, without moving: ValidationError when the
    table forbids the move, PermissionDenied when `permission(actor, obj)` is false."""
    if not obj.can_become(to):
        raise obj.transition_error(to)
    if permission is not None and not permission(actor, obj):
        raise PermissionDenied


@transaction.atomic
def workflow_move(
    *,
    obj: WorkflowModel,
    to: str,
    actor,
    reason: str = "",
    permission: Permission | None = None,
    extra_fields: Iterable[str] = (),
    action: str = AuditEntry.Action.TRANSITION,
) -> WorkflowModel:
    """Move `obj` to status `to` and return it, saved, with its row locked.

    The row is locked (select_for_update) and its status read again, so two concurrent
    moves queue and the second sees the first's result. Then the model's TRANSITIONS
    table is checked (ValidationError naming both statuses) and, when given, the
    app's `permission(actor, obj)` (PermissionDenied). The status, `updated_at` and the
    `extra_fields` the caller set on `obj` are saved, and one audit row records the
    move from → to with `reason`. `obj` itself is updated, so the caller's instance
    (and its cached relations) stays valid.
    """
    model = type(obj)
    current = model._base_manager.select_for_update().values_list("status", flat=True)
    obj.status = current.get(pk=obj.pk)
    workflow_check(obj=obj, to=to, actor=actor, permission=permission)
    old = obj.status
    obj.status = to
    fields = ["status", *extra_fields]
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        fields.append("updated_at")
    obj.save(update_fields=list(dict.fromkeys(fields)))
    audit_record(actor=actor, obj=obj, action=action, old=old, new=to, reason=reason)
    return obj
