from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from modeltranslation.admin import TranslationAdmin

from . import models


@admin.register(models.User)
class PortalUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        (None, {"fields": ("full_name", "phone", "sex", "birth_year", "village", "language")}),
    )
    list_display = ("username", "full_name", "email", "phone", "is_staff")
    search_fields = ("username", "full_name", "email", "phone")


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
