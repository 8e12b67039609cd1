from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from municipality.admin_audit import AuditedAdminMixin, AuditedModelAdmin

from .models import (
    Application,
    CommissionMember,
    ConflictDeclaration,
    Contest,
    Criterion,
    EstimateLine,
    ImplementationReport,
    Score,
)


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0


class CommissionMemberInline(admin.TabularInline):
    model = CommissionMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Contest)
class ContestAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["title", "status", "window_opens", "window_closes", "budget"]
    list_filter = ["status"]
    inlines = [CriterionInline, CommissionMemberInline]
    # Status moves go through the services (audited), never through the admin.
    readonly_fields = [
        "status",
        "application_counter",
        "announcement",
        "winners_notice",
        "commission_order",
        "protocol",
        "results_order",
    ]


class EstimateLineInline(admin.TabularInline):
    model = EstimateLine
    extra = 0


@admin.register(Application)
class ApplicationAdmin(AuditedModelAdmin):
    list_display = ["registration_number", "title", "contest", "applicant", "status", "is_paper"]
    list_filter = ["status", "is_paper", "contest"]
    search_fields = ["title", "registration_number"]
    raw_id_fields = ["applicant", "entered_by", "checked_by"]
    readonly_fields = ["status", "registration_number", "submitted_at", "agreement", "terms"]
    inlines = [EstimateLineInline]


admin.site.register(ConflictDeclaration, AuditedModelAdmin)
admin.site.register(Score, AuditedModelAdmin)
admin.site.register(ImplementationReport, AuditedModelAdmin)
