from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    name = "municipality"
    verbose_name = _("Municipality")

    def ready(self):
        from .limits import guard_model_choice_ids
        from .services.reminders import local_issues_list_due, reminder_register

        reminder_register("municipality.local_issues_list", local_issues_list_due)
        guard_model_choice_ids()
