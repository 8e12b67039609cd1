from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Local initiatives")

    def ready(self):
        from municipality.files import file_download_name, file_register
        from municipality.models import OfficialDocument as D
        from municipality.selectors.search import search_register
        from municipality.services import document_kind_register, reminder_register
        from municipality.services.my_work import my_work_register

        from . import my_work, selectors
        from .models import ApplicationAttachment, ContestFile, ReportPhoto
        from .permissions import (
            can_view_application_file,
            can_view_contest_file,
            can_view_report_photo,
        )
        from .tasks import reports_due

        reminder_register("initiatives.reports_due", reports_due)
        my_work_register("initiatives", my_work.items)
        search_register("initiatives.contests", selectors.contests_search)
        search_register("initiatives.applications", selectors.applications_search)
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

        def contest(*, subject, document):
            return selectors.contest_pdf_context(contest=subject, document=document)

        def application(*, subject, document):
            return selectors.application_pdf_context(application=subject, document=document)

        for template, kind, model, context in [
            ("commission_order.html", D.Kind.ORDER, "Contest", contest),
            ("protocol.html", D.Kind.PROTOCOL, "Contest", contest),
            ("results_order.html", D.Kind.ORDER, "Contest", contest),
            ("agreement.html", D.Kind.AGREEMENT, "Application", application),
            ("terms.html", D.Kind.TERMS, "Application", application),
        ]:
            document_kind_register(
                template=f"initiatives/pdf/{template}",
                kind=kind,
                model=f"initiatives.{model}",
                context=context,
            )
