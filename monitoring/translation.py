from modeltranslation.translator import TranslationOptions, register

from .models import ChecklistQuestion, MonitoringGroup, Subject


@register(MonitoringGroup)
class MonitoringGroupTranslation(TranslationOptions):
    fields = ("name", "mandate")


@register(Subject)
class SubjectTranslation(TranslationOptions):
    fields = ("title",)


@register(ChecklistQuestion)
class ChecklistQuestionTranslation(TranslationOptions):
    fields = ("text",)
