from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from municipality.admin_audit import AuditedAdminMixin, AuditedModelAdmin

from .models import (
    AnnualReport,
    Assessment,
    Gathering,
    InitiativeGroup,
    InitiativeGroupMember,
    Priority,
    PriorityLink,
    Problem,
    Question,
    Response,
    Survey,
)


@admin.register(Gathering)
class GatheringAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("title", "kind", "starts_at", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("attendance", "notice", "document", "created_by")
    readonly_fields = ("status",)


class ProblemInline(admin.TabularInline):
    model = Problem
    extra = 0
    raw_id_fields = ("priority",)


@admin.register(Assessment)
class AssessmentAdmin(AuditedModelAdmin):
    list_display = ("village", "held_on", "method")
    inlines = [ProblemInline]
    raw_id_fields = ("attendance", "recorded_by")


@admin.register(Priority)
class PriorityAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("rank", "title", "local_issue", "status")
    readonly_fields = ("status",)

    def has_delete_permission(self, request, obj=None):
        return False  # closed with a reason instead (community.services.priority_close)


@admin.register(PriorityLink)
class PriorityLinkAdmin(AuditedModelAdmin):
    list_display = ("priority", "created_at")
    raw_id_fields = ("priority", "plan_activity", "budget_line", "application", "protocol")


class MemberInline(admin.TabularInline):
    model = InitiativeGroupMember
    extra = 0
    raw_id_fields = ("person",)


@admin.register(InitiativeGroup)
class InitiativeGroupAdmin(AuditedModelAdmin):
    list_display = ("name", "priority", "formed_on")
    inlines = [MemberInline]


@admin.register(AnnualReport)
class AnnualReportAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("year", "status", "published_at")
    readonly_fields = ("status",)
    raw_id_fields = ("gathering", "document", "notice")


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(AuditedModelAdmin):
    list_display = ("title", "opens_on", "closes_on", "status")
    readonly_fields = ("status",)
    inlines = [QuestionInline]


@admin.register(Response)
class ResponseAdmin(AuditedModelAdmin):
    list_display = ("survey", "channel", "created_at")
    raw_id_fields = ("survey", "user", "person", "entered_by", "village")
