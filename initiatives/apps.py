from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Local initiatives")

    def ready(self):
        from municipality.files import file_download_name, file_register
        from municipality.services import reminder_register

        from .models import ApplicationAttachment, ContestFile, ReportPhoto
        from .permissions import (
            can_view_application_file,
            can_view_contest_file,
            can_view_report_photo,
        )
        from .tasks import reports_due

        reminder_register("initiatives.reports_due", reports_due)
        file_register(
            ContestFile,
            can_view_contest_file,
            download_name=lambda f: file_download_name(f.title, f.file),
        )
        file_register(
            ApplicationAttachment,
            can_view_application_file,
            download_name=lambda a: file_download_name(a.title, a.file),
        )
        file_register(ReportPhoto, can_view_report_photo)
