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
    """Criteria and weights freeze with the window (as in the service): after that a changed
    weight would change the ranking of scores already given."""

    model = Criterion
    extra = 0

    def _open(self, obj):
        return obj is None or not obj.criteria_frozen

    def has_add_permission(self, request, obj=None):
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open(obj) and super().has_delete_permission(request, obj)


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Scores and declarations are written by the commission's services only: a submitted
    score is final, and a declared conflict is cleared by the office with an audit row."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["member", "application", "has_conflict", "declared_at"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["member", "application", "criterion", "value", "submitted"]


admin.site.register(ImplementationReport, AuditedModelAdmin)
