from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Budget")

    def ready(self):
        from municipality.services import reminder_register

        from .services import hearings_due_tomorrow

        reminder_register("budget.hearing_tomorrow", hearings_due_tomorrow)

        from municipality.services.my_work import my_work_register

        from . import my_work

        my_work_register("budget", my_work.items)

        from municipality.models import OfficialDocument
        from municipality.services import document_kind_register

        from .selectors import hearing_protocol_context

        document_kind_register(
            template="budget/pdf/protocol.html",
            kind=OfficialDocument.Kind.PROTOCOL,
            model="budget.Hearing",
            context=lambda *, subject, document: hearing_protocol_context(hearing=subject),
        )
