from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    name = "municipality"
    verbose_name = _("Municipality")

    def ready(self):
        from . import checks  # noqa: F401 — registers the system checks
        from .services.documents import document_kind_register
        from .services.reminders import local_issues_list_due, reminder_register

        reminder_register("municipality.local_issues_list", local_issues_list_due)
        # The plain layout any document can be printed in (tests, one-off orders).
        document_kind_register(template="pdf/generic.html", kind=None, model=None)
