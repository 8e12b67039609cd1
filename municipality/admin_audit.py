"""The Django admin writes the same audit rows as the services: every add, change and delete
of a domain object (and of the rows of its inlines) made there is in the audit log, with the
administrator as the actor and the changed fields before and after.

Every ModelAdmin of every app derives from `AuditedAdminMixin` (or is read-only);
tests/security/test_bounds.py walks admin.site._registry to keep it so.
"""

from django.contrib import admin
from django.db import models

from municipality.models import AuditEntry
from municipality.services.audit import audit_record

# Never copied into the audit log: secrets and bookkeeping that changes on every save.
NEVER_AUDITED = {"password", "last_login"}


class AuditedAdminMixin:
    audit_exclude: tuple = ()

    # -- snapshots -----------------------------------------------------------------
    def _audit_fields(self, model):
        skip = NEVER_AUDITED | set(self.audit_exclude)
        return [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key
            and f.name not in skip
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
        ]

    def _snapshot(self, obj) -> dict:
        values = {}
        for field in self._audit_fields(type(obj)):
            value = getattr(obj, field.attname)
            if isinstance(field, models.FileField):
                value = value.name if value else ""
            values[field.name] = value
        if obj.pk is not None:
            skip = NEVER_AUDITED | set(self.audit_exclude)
            for field in type(obj)._meta.many_to_many:
                if field.name not in skip:
                    related = getattr(obj, field.name).all()
                    values[field.name] = ", ".join(sorted(str(o) for o in related))
        return values

    def _stored(self, obj) -> dict | None:
        if obj.pk is None:
            return None
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        return self._snapshot(stored) if stored is not None else None

    def _audit_save(self, request, obj, before: dict | None) -> None:
        after = self._snapshot(obj)
        if before is None:
            changes = {k: ("", v) for k, v in after.items() if v not in (None, "")}
            audit_record(
                actor=request.user, obj=obj, action=AuditEntry.Action.CREATE, changes=changes
            )
            return
        changes = {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}
        if changes:
            audit_record(
                actor=request.user, obj=obj, action=AuditEntry.Action.UPDATE, changes=changes
            )

    def _audit_delete(self, request, obj) -> None:
        audit_record(actor=request.user, obj=obj, action=AuditEntry.Action.DELETE)

    # -- the admin's hooks -----------------------------------------------------------
    def save_model(self, request, obj, form, change):
        before = self._stored(obj) if change else None
        super().save_model(request, obj, form, change)
        obj._audit_before = before
        obj._audit_pending = True

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if getattr(obj, "_audit_pending", False):  # after the m2m fields are saved
            obj._audit_pending = False
            self._audit_save(request, obj, obj._audit_before)

    def save_formset(self, request, form, formset, change):
        before = {
            f.instance.pk: self._stored(f.instance)
            for f in formset.initial_forms
            if f.instance.pk is not None and f.has_changed()
        }
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                self._audit_delete(request, deleted.instance)
        super().save_formset(request, form, formset, change)
        for obj in getattr(formset, "new_objects", []):
            self._audit_save(request, obj, None)
        for obj, _names in getattr(formset, "changed_objects", []):
            self._audit_save(request, obj, before.get(obj.pk) or {})

    def delete_model(self, request, obj):
        self._audit_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit_delete(request, obj)
        super().delete_queryset(request, queryset)


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


def is_read_only(model_admin, request) -> bool:
    return not (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    )
