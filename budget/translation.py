from modeltranslation.translator import TranslationOptions, register

from .models import BudgetCategory, BudgetLine, BudgetLineLink, Hearing


@register(BudgetCategory)
class BudgetCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(BudgetLine)
class BudgetLineTranslation(TranslationOptions):
    fields = ("note",)


@register(BudgetLineLink)
class BudgetLineLinkTranslation(TranslationOptions):
    fields = ("label",)


@register(Hearing)
class HearingTranslation(TranslationOptions):
    fields = ("address", "agenda")
