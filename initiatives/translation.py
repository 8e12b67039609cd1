from modeltranslation.translator import TranslationOptions, register

from .models import Contest, Criterion


@register(Contest)
class ContestTranslation(TranslationOptions):
    fields = ("title", "description", "terms_of_reference")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)
