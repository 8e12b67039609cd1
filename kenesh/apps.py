from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeneshConfig(AppConfig):
    name = "kenesh"
    verbose_name = _("Kenesh")

    def ready(self):
        # ready(): models and the kernel's registries load after the app registry
        from municipality.files import file_register
        from municipality.models import OfficialDocument as D
        from municipality.services import (
            document_kind_register,
            message_event_register,
            reminder_register,
        )
        from municipality.services.attention import attention_register
        from municipality.services.my_work import my_work_register

        from . import (
            my_work,
            selectors,
            tasks,  # noqa: F401 — registers the tasks services queue by name
        )
        from .models import AgendaItem, Initiative, PaperSheet, Resolution
        from .permissions import (
            can_view_initiative_file,
            can_view_item_file,
            can_view_resolution_file,
            can_view_sheet,
        )
        from .receipts import register as receipts_register

        file_register(AgendaItem, can_view_item_file)
        file_register(Initiative, can_view_initiative_file)
        file_register(PaperSheet, can_view_sheet)
        file_register(Resolution, can_view_resolution_file)
        attention_register(
            name="kenesh.petitions_overdue", fn=selectors.petitions_overdue_attention
        )
        attention_register(
            name="kenesh.resolutions_unpublished", fn=selectors.resolutions_unpublished_attention
        )

        my_work_register(name="kenesh", fn=my_work.items)
        reminder_register(name="kenesh.session_tomorrow", check=my_work.sessions_due_tomorrow)
        message_event_register(
            code="kenesh.session_tomorrow", template="kenesh/messages/session_tomorrow.txt"
        )

        def resolution(*, subject, document):
            return selectors.resolution_pdf_context(resolution=subject)

        document_kind_register(
            template="kenesh/pdf/resolution.html",
            kind=D.Kind.RESOLUTION,
            model="kenesh.Resolution",
            context=resolution,
        )

        receipts_register()
