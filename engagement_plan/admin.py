from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from municipality.admin_audit import AuditedAdminMixin, AuditedModelAdmin

from .models import Activity, Comment, Plan, WorkingGroup, WorkingGroupMember


class MemberInline(admin.TabularInline):
    model = WorkingGroupMember
    extra = 0


@admin.register(WorkingGroup)
class WorkingGroupAdmin(AuditedModelAdmin):
    list_display = ("title", "status", "approved_at")
    inlines = [MemberInline]
    readonly_fields = ("status", "order", "approved_at")


@admin.register(Plan)
class PlanAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("title", "period_start", "period_end", "version", "status")
    list_filter = ("status",)
    readonly_fields = ("status", "approval_order", "plan_document", "previous", "version")


@admin.register(Activity)
class ActivityAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("title", "plan", "direction", "status", "deadline")
    list_filter = ("direction", "status")
    readonly_fields = ("status", "attendance")


@admin.register(Comment)
class CommentAdmin(AuditedModelAdmin):
    list_display = ("plan", "source", "answer", "created_at")
    list_filter = ("source", "answer")
