from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Joint monitoring")

    def ready(self):
        from municipality.services import reminder_register

        from .reminders import recommendations_due_check

        reminder_register("monitoring.recommendations_due", recommendations_due_check)

        from municipality.services.my_work import my_work_register

        from . import my_work

        my_work_register("monitoring", my_work.items)

        from municipality.models import OfficialDocument as D
        from municipality.services import document_kind_register as register

        from . import selectors

        register(
            template="monitoring/pdf/resolution.html",
            kind=D.Kind.RESOLUTION,
            model="monitoring.MonitoringGroup",
        )
        register(
            template="monitoring/pdf/protocol.html",
            kind=D.Kind.PROTOCOL,
            model="monitoring.Protocol",
            context=lambda *, subject, document: selectors.protocol_pdf_context(protocol=subject),
        )
        register(
            template="monitoring/pdf/report.html",
            kind=D.Kind.REPORT,
            model="monitoring.GroupReport",
            context=lambda *, subject, document: selectors.report_pdf_context(report=subject),
        )
