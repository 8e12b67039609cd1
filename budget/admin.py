from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from municipality.admin_audit import AuditedAdminMixin, AuditedModelAdmin

from .models import (
    BudgetCategory,
    BudgetLine,
    BudgetLineLink,
    Hearing,
    HearingMaterial,
    Proposal,
    Registration,
)


@admin.register(BudgetCategory)
class BudgetCategoryAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("code", "name", "kind", "parent", "order")
    list_filter = ("kind",)
    search_fields = ("code", "name")


class BudgetLineLinkInline(TranslationTabularInline):
    model = BudgetLineLink
    extra = 0
    fields = ("label", "url")


@admin.register(BudgetLine)
class BudgetLineAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("year", "category", "planned", "actual")
    list_filter = ("year", "category__kind")
    list_select_related = ("category",)
    inlines = [BudgetLineLinkInline]


class MaterialInline(admin.TabularInline):
    model = HearingMaterial
    extra = 0
    readonly_fields = ("content_type", "size")


@admin.register(Hearing)
class HearingAdmin(AuditedAdminMixin, TranslationAdmin):
    """Read-mostly: the status moves only through the office pages (audited services)."""

    list_display = ("__str__", "starts_at", "status")
    list_filter = ("status", "kind", "fiscal_year")
    readonly_fields = ("status", "notice", "protocol", "attendance")
    filter_horizontal = ("materials_lines",)
    inlines = [MaterialInline]


@admin.register(Proposal)
class ProposalAdmin(AuditedModelAdmin):
    list_display = ("__str__", "hearing", "source", "decision")
    list_filter = ("decision", "source")
    readonly_fields = ("decision", "decision_reason", "decided_by", "decided_at")
    raw_id_fields = ("author", "budget_line", "entered_by")


@admin.register(Registration)
class RegistrationAdmin(AuditedModelAdmin):
    list_display = ("hearing", "user", "created_at")
    raw_id_fields = ("user",)
