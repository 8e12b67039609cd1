from modeltranslation.translator import TranslationOptions, register

from .models import Activity, Plan


@register(Plan)
class PlanTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "description")
