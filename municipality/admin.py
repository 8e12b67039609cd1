from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from modeltranslation.admin import TranslationAdmin

from . import models
from .services.audit import audit_record, model_changes

# Holders of the administrator role reach the admin even without is_staff (the auth
# backend gives them every model permission too); everyone else needs is_staff.
_AUDITED_USER_FIELDS = (
    "username",
    "full_name",
    "email",
    "phone",
    "is_active",
    "is_staff",
    "is_superuser",
)


def _admin_has_permission(request):
    user = request.user
    return bool(user.is_active and (user.is_staff or user.has_role(models.Role.ADMINISTRATOR)))


admin.site.has_permission = _admin_has_permission


@admin.register(models.User)
class PortalUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        (None, {"fields": ("full_name", "phone", "sex", "birth_year", "village", "language")}),
    )
    list_display = ("username", "full_name", "email", "phone", "is_staff")
    search_fields = ("username", "full_name", "email", "phone")

    # Changes to people and their roles made here go to the portal's audit log.
    def save_model(self, request, obj, form, change):
        if change and obj.pk:
            old = type(obj).objects.get(pk=obj.pk)
            request._audit_user_before = {f: getattr(old, f) for f in _AUDITED_USER_FIELDS}
            request._audit_user_groups = sorted(old.groups.values_list("name", flat=True))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        before = getattr(request, "_audit_user_before", None) or {
            f: None for f in _AUDITED_USER_FIELDS
        }
        changes = model_changes(before, user, _AUDITED_USER_FIELDS)
        old_groups = getattr(request, "_audit_user_groups", [])
        new_groups = sorted(user.groups.values_list("name", flat=True))
        if old_groups != new_groups:
            changes["groups"] = (", ".join(old_groups), ", ".join(new_groups))
        if changes:
            action = models.AuditEntry.Action.UPDATE if change else models.AuditEntry.Action.CREATE
            audit_record(actor=request.user, obj=user, action=action, changes=changes)

    def delete_model(self, request, obj):
        audit_record(actor=request.user, obj=obj, action=models.AuditEntry.Action.DELETE)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(actor=request.user, obj=obj, action=models.AuditEntry.Action.DELETE)
        super().delete_queryset(request, queryset)


@admin.register(models.Municipality)
class MunicipalityAdmin(TranslationAdmin):
    pass


@admin.register(models.Village)
class VillageAdmin(TranslationAdmin):
    list_display = ("name", "population", "order")


@admin.register(models.LocalIssueReference)
class LocalIssueReferenceAdmin(TranslationAdmin):
    list_display = ("number", "title", "legal_basis", "is_active")


@admin.register(models.AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_repr", "old_status", "new_status")
    list_filter = ("action", "content_type")
    readonly_fields = [f.name for f in models.AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "recipient", "subject", "status", "attempts")
    list_filter = ("status", "channel")


class NoticeAttachmentInline(admin.TabularInline):
    model = models.NoticeAttachment
    extra = 0
    readonly_fields = ("content_type", "size")


@admin.register(models.Notice)
class NoticeAdmin(TranslationAdmin):
    """For administrators; staff use the office pages, which audit every change."""

    list_display = ("title", "category", "status", "publish_at", "expire_at")
    list_filter = ("status", "category")
    search_fields = ("title", "body")
    date_hierarchy = "publish_at"
    exclude = ("subject_type", "subject_id")
    # Publishing goes through notice_publish (workflow move, audit row, subscribers told).
    readonly_fields = ("status",)
    inlines = [NoticeAttachmentInline]


@admin.register(models.LocalIssue)
class LocalIssueAdmin(TranslationAdmin):
    list_display = ("title", "reference", "priority", "is_active", "updated_at")
    list_filter = ("is_active", "priority")


@admin.register(models.LocalIssueList)
class LocalIssueListAdmin(admin.ModelAdmin):
    list_display = ("published_at", "published_by", "note")
    readonly_fields = ("published_at",)


class AttendanceVillageInline(admin.TabularInline):
    model = models.AttendanceVillage
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    """Read-only: counts are entered on each meeting's own page (its service checks them)."""

    list_display = ("source", "held_on", "total", "women", "men")
    list_filter = ("source",)
    date_hierarchy = "held_on"
    inlines = [AttendanceVillageInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
