from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from municipality.admin_audit import AuditedAdminMixin, AuditedModelAdmin

from .models import Charter, Commission, Deputy, Initiative, Petition, Resolution, Session


@admin.register(Charter)
class CharterAdmin(AuditedModelAdmin):
    list_display = ("number", "adopted_on", "signature_threshold")


@admin.register(Deputy)
class DeputyAdmin(AuditedModelAdmin):
    list_display = ("full_name", "village", "constituency", "term_start", "term_end")
    raw_id_fields = ("user",)


@admin.register(Commission)
class CommissionAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "chair")


@admin.register(Session)
class SessionAdmin(AuditedAdminMixin, TranslationAdmin):
    """Read-mostly: announcing and holding go through the services (audited)."""

    list_display = ("convocation", "number", "starts_at", "status")
    readonly_fields = ("status", "announced_at", "notice", "attendance")


@admin.register(Resolution)
class ResolutionAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("number", "adopted_on", "title", "status")
    readonly_fields = (
        "status",
        "document",
        "notice",
        "decision",
        "published_at",
        "pdf_ru",
        "pdf_ru_sha256",
    )


@admin.register(Initiative)
class InitiativeAdmin(AuditedModelAdmin):
    list_display = ("title", "status", "signing_ends", "threshold")
    readonly_fields = ("status", "registered_at", "filed_by")


@admin.register(Petition)
class PetitionAdmin(AuditedModelAdmin):
    list_display = ("title", "status", "answer_due")
    readonly_fields = ("status", "answered_at", "answered_by", "filed_by")
