from modeltranslation.translator import TranslationOptions, register

from .models import AnnualReport, Gathering, Priority


@register(Gathering)
class GatheringTranslation(TranslationOptions):
    fields = ("title", "agenda", "place")


@register(Priority)
class PriorityTranslation(TranslationOptions):
    fields = ("title", "description")


@register(AnnualReport)
class AnnualReportTranslation(TranslationOptions):
    fields = ("introduction", "conclusions")
