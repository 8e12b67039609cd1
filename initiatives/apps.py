from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Local initiatives")

    def ready(self):
        from municipality.services import reminder_register

        from .tasks import reports_due

        reminder_register("initiatives.reports_due", reports_due)
