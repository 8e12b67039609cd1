from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeneshConfig(AppConfig):
    name = "kenesh"
    verbose_name = _("Kenesh")

    def ready(self):
        from municipality.files import file_register
        from municipality.models import OfficialDocument as D
        from municipality.services import document_kind_register
        from municipality.services.attention import attention_register

        from . import selectors
        from .models import AgendaItem, Initiative, PaperSheet
        from .permissions import can_view_initiative_file, can_view_item_file, can_view_sheet

        file_register(AgendaItem, can_view_item_file)
        file_register(Initiative, can_view_initiative_file)
        file_register(PaperSheet, can_view_sheet)
        attention_register(
            name="kenesh.petitions_overdue", fn=selectors.petitions_overdue_attention
        )
        attention_register(
            name="kenesh.resolutions_unpublished", fn=selectors.resolutions_unpublished_attention
        )

        def resolution(*, subject, document):
            return selectors.resolution_pdf_context(resolution=subject)

        document_kind_register(
            template="kenesh/pdf/resolution.html",
            kind=D.Kind.RESOLUTION,
            model="kenesh.Resolution",
            context=resolution,
        )
