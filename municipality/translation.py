from modeltranslation.translator import TranslationOptions, register

from .models import LocalIssue, LocalIssueReference, Municipality, Notice, Village


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name", "ayil_aimak", "district", "oblast", "address", "head_name", "head_title")


@register(Village)
class VillageTranslation(TranslationOptions):
    fields = ("name",)


@register(LocalIssueReference)
class LocalIssueReferenceTranslation(TranslationOptions):
    fields = ("title", "legal_basis")


@register(LocalIssue)
class LocalIssueTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Notice)
class NoticeTranslation(TranslationOptions):
    fields = ("title", "body", "place")
