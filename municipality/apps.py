from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    name = "municipality"
    verbose_name = _("Municipality")

    def ready(self):
        from .files import file_download_name, file_register
        from .models import Municipality, NoticeAttachment, OfficialDocument
        from .permissions import (
            can_view_document_file,
            can_view_municipality_file,
            can_view_notice_attachment,
        )
        from .services.reminders import local_issues_list_due, reminder_register

        reminder_register("municipality.local_issues_list", local_issues_list_due)
        file_register(
            NoticeAttachment,
            can_view_notice_attachment,
            download_name=lambda a: file_download_name(a.title, a.file),
        )
        file_register(
            OfficialDocument, can_view_document_file, download_name=lambda d: d.download_name
        )
        file_register(Municipality, can_view_municipality_file)
