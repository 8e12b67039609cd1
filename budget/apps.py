from django.apps import AppConfig
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Budget")

    def ready(self):
        # ready(): models and the kernel's registries load after the app registry
        from municipality.files import file_download_name, file_register
        from municipality.i18n import text_in
        from municipality.models import OfficialDocument
        from municipality.selectors.search import search_register
        from municipality.services import (
            document_kind_register,
            message_event_register,
            reminder_register,
        )
        from municipality.services.my_work import my_work_register

        from . import my_work
        from .models import HearingMaterial
        from .permissions import can_view_hearing_material
        from .receipts import register as receipts_register
        from .selectors import hearing_protocol_context, hearings_search
        from .services import hearings_due_tomorrow

        reminder_register(name="budget.hearing_tomorrow", check=hearings_due_tomorrow)
        search_register("budget.hearings", hearings_search)
        my_work_register(name="budget", fn=my_work.items)

        def protocol_title(*, subject, document):
            """The title of a translation copy, in the language being rendered."""
            name = text_in(subject, "title", (get_language() or "ky")[:2])
            return gettext("Protocol of the %(title)s") % {"title": name}

        document_kind_register(
            template="budget/pdf/protocol.html",
            kind=OfficialDocument.Kind.PROTOCOL,
            model="budget.Hearing",
            context=lambda *, subject, document: hearing_protocol_context(hearing=subject),
            register="hearing",  # the hearing protocols have their own numbering
            title=protocol_title,
        )
        file_register(
            HearingMaterial,
            can_view_hearing_material,
            download_name=lambda m: file_download_name(m.title, m.file),
        )

        for event in (
            "hearing_announced",
            "hearing_tomorrow",
            "proposal_decided",
            "protocol_published",
        ):
            message_event_register(code=f"budget.{event}", template=f"budget/messages/{event}.txt")

        receipts_register()
