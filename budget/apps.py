from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Budget")

    def ready(self):
        from municipality.files import file_download_name, file_register
        from municipality.models import OfficialDocument
        from municipality.selectors.search import search_register
        from municipality.services import document_kind_register, reminder_register
        from municipality.services.my_work import my_work_register

        from . import my_work
        from .models import HearingMaterial
        from .permissions import can_view_hearing_material
        from .selectors import hearing_protocol_context, hearings_search
        from .services import hearings_due_tomorrow

        reminder_register("budget.hearing_tomorrow", hearings_due_tomorrow)
        search_register("budget.hearings", hearings_search)
        my_work_register("budget", my_work.items)
        document_kind_register(
            template="budget/pdf/protocol.html",
            kind=OfficialDocument.Kind.PROTOCOL,
            model="budget.Hearing",
            context=lambda *, subject, document: hearing_protocol_context(hearing=subject),
        )
        file_register(
            HearingMaterial,
            can_view_hearing_material,
            download_name=lambda m: file_download_name(m.title, m.file),
        )
