from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Joint monitoring")

    def ready(self):
        from municipality.services import reminder_register

        from .reminders import recommendations_due_check

        reminder_register("monitoring.recommendations_due", recommendations_due_check)
