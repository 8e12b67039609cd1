from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community: gatherings, priorities and the report to the population")

    def ready(self):
        # ready(): models and the kernel's registries load after the app registry
        from municipality.models import OfficialDocument as D
        from municipality.services import document_kind_register, reminder_register
        from municipality.services.my_work import my_work_register

        from . import selectors, services, work
        from .receipts import register as receipts_register

        for name, check in work.REMINDERS.items():
            reminder_register(name=name, check=check)
        my_work_register(name="community", fn=work.my_work_items)

        def minutes(*, subject, document):
            return selectors.gathering_pdf_context(gathering=subject)

        def report(*, subject, document):
            return selectors.report_pdf_context(report=subject, language=document.language)

        # The titles of the Russian translation copies (same record, same number).
        def minutes_title(*, subject, document):
            return str(services.MINUTES_TITLE) % {"title": subject.title}

        def report_title(*, subject, document):
            return str(services.REPORT_TITLE) % {"year": subject.year}

        document_kind_register(
            template="community/pdf/minutes.html",
            kind=D.Kind.PROTOCOL,
            model="community.Gathering",
            context=minutes,
            title=minutes_title,
        )
        document_kind_register(
            template="community/pdf/annual_report.html",
            kind=D.Kind.REPORT,
            model="community.AnnualReport",
            context=report,
            title=report_title,
        )

        receipts_register()
