from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Commission, Resolution, Session


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("place",)


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)


@register(Resolution)
class ResolutionTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Commission)
class CommissionTranslation(TranslationOptions):
    fields = ("name",)
