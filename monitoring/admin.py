from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from municipality.admin_audit import AuditedAdminMixin, AuditedModelAdmin

from .models import (
    ChecklistQuestion,
    GroupMember,
    GroupReport,
    MonitoringGroup,
    Photo,
    Protocol,
    Recommendation,
    Subject,
)


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(MonitoringGroup)
class MonitoringGroupAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "resolution_number", "resolution_date", "period_start", "period_end")
    inlines = [GroupMemberInline]
    raw_id_fields = ("resolution_document", "created_by")


@admin.register(Subject)
class SubjectAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("title", "group", "kind")
    list_filter = ("kind",)


@admin.register(ChecklistQuestion)
class ChecklistQuestionAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("text", "group", "subject_kind", "order", "is_active")
    list_filter = ("subject_kind", "is_active")


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ("image", "caption", "keeps_location")
    readonly_fields = ("image", "keeps_location")


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    readonly_fields = ("status", "answered_by", "answered_at", "closed_at")


@admin.register(Protocol)
class ProtocolAdmin(AuditedModelAdmin):
    """Read-mostly: status changes go through the services (audited), not through admin."""

    list_display = ("__str__", "group", "status", "visit_date")
    list_filter = ("status",)
    readonly_fields = ("status", "document", "notice", "signed_by", "signed_at", "submitted_at")
    raw_id_fields = ("author",)
    inlines = [PhotoInline, RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(AuditedModelAdmin):
    list_display = ("__str__", "addressee", "due_date", "status")
    list_filter = ("status",)
    readonly_fields = ("status", "answered_by", "answered_at", "closed_at")


@admin.register(GroupReport)
class GroupReportAdmin(AuditedModelAdmin):
    list_display = ("group", "period_start", "period_end", "document")
    readonly_fields = ("document",)
