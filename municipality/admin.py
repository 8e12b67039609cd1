from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from modeltranslation.admin import TranslationAdmin

from . import models
from .admin_audit import AuditedAdminMixin, AuditedModelAdmin
from .services.audit import audit_record

# Holders of the administrator role reach the admin even without is_staff (the auth
# backend gives them every model permission too); everyone else needs is_staff.


def _admin_has_permission(request):
    user = request.user
    return bool(user.is_active and (user.is_staff or user.has_role(models.Role.ADMINISTRATOR)))


admin.site.has_permission = _admin_has_permission


@admin.register(models.User)
class PortalUserAdmin(AuditedAdminMixin, UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        (None, {"fields": ("full_name", "phone", "sex", "birth_year", "village", "language")}),
    )
    list_display = ("username", "full_name", "email", "phone", "is_staff")
    search_fields = ("username", "full_name", "email", "phone")

    # Changes to people and their roles made here go to the portal's audit log (never the
    # password hash; a password set here is recorded as such).
    audit_exclude = ("date_joined",)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                audit_record(
                    actor=request.user,
                    obj=user,
                    action=models.AuditEntry.Action.UPDATE,
                    changes={"password": ("", "***")},
                )
        return response


@admin.register(models.Municipality)
class MunicipalityAdmin(AuditedAdminMixin, TranslationAdmin):
    pass


@admin.register(models.Village)
class VillageAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "population", "order")


@admin.register(models.LocalIssueReference)
class LocalIssueReferenceAdmin(AuditedAdminMixin, TranslationAdmin):
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
class OutboxMessageAdmin(AuditedModelAdmin):
    list_display = ("created_at", "channel", "recipient", "subject", "status", "attempts")
    list_filter = ("status", "channel")


class NoticeAttachmentInline(admin.TabularInline):
    model = models.NoticeAttachment
    extra = 0
    readonly_fields = ("content_type", "size")


@admin.register(models.Notice)
class NoticeAdmin(AuditedAdminMixin, TranslationAdmin):
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
class LocalIssueAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("title", "reference", "priority", "is_active", "updated_at")
    list_filter = ("is_active", "priority")


@admin.register(models.LocalIssueList)
class LocalIssueListAdmin(AuditedModelAdmin):
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


# Roles are groups: a change to a role's permissions is audited like any other.
admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdminMixin, GroupAdmin):
    pass
