from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Budget")

    def ready(self):
        from municipality.files import file_download_name, file_register
        from municipality.services import reminder_register

        from .models import HearingMaterial
        from .permissions import can_view_hearing_material
        from .services import hearings_due_tomorrow

        reminder_register("budget.hearing_tomorrow", hearings_due_tomorrow)
        file_register(
            HearingMaterial,
            can_view_hearing_material,
            download_name=lambda m: file_download_name(m.title, m.file),
        )
