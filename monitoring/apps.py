from django.apps import AppConfig
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Joint monitoring")

    def ready(self):
        # ready(): models and the kernel's registries load after the app registry
        from municipality.files import file_register
        from municipality.i18n import text_in
        from municipality.models import OfficialDocument as D
        from municipality.selectors.search import search_register
        from municipality.services import (
            document_kind_register,
            message_event_register,
            reminder_register,
        )
        from municipality.services.my_work import my_work_register

        from . import my_work, selectors
        from .models import MonitoringGroup, Photo, Protocol
        from .permissions import (
            can_sign_protocol,
            can_view_group_file,
            can_view_photo,
            can_view_protocol_file,
        )
        from .reminders import recommendations_due_check

        reminder_register(name="monitoring.recommendations_due", check=recommendations_due_check)
        my_work_register(name="monitoring", fn=my_work.items)
        search_register("monitoring.protocols", selectors.protocols_search)
        file_register(MonitoringGroup, can_view_group_file)
        file_register(Protocol, can_view_protocol_file)
        file_register(Photo, can_view_photo)

        def protocol(*, subject, document):
            return selectors.protocol_pdf_context(protocol=subject)

        def report(*, subject, document):
            return selectors.report_pdf_context(report=subject)

        # Titles of a translation copy, in the language being rendered.
        def protocol_title(*, subject, document):
            name = text_in(subject.subject, "title", (get_language() or "ky")[:2])
            return gettext("Monitoring protocol: %(subject)s") % {"subject": name}

        def resolution_title(*, subject, document):
            return gettext("Resolution on the joint monitoring group: %(name)s") % {
                "name": subject.name
            }

        titles = {"Protocol": protocol_title, "MonitoringGroup": resolution_title}

        for template, kind, model, context in [
            ("resolution.html", D.Kind.RESOLUTION, "MonitoringGroup", None),
            ("protocol.html", D.Kind.PROTOCOL, "Protocol", protocol),
            ("report.html", D.Kind.REPORT, "GroupReport", report),
        ]:
            document_kind_register(
                template=f"monitoring/pdf/{template}",
                kind=kind,
                model=f"monitoring.{model}",
                context=context,
                # Each group numbers its own protocols (its own register).
                register=(
                    (lambda subject: f"monitoring-group-{subject.group_id}")
                    if model == "Protocol"
                    else ""
                ),
                title=titles.get(model),
                # The chair reads the draft protocol before signing it (issue 14).
                can_preview=can_sign_protocol if model == "Protocol" else None,
            )

        for event in ("protocol_published", "protocol_handed_over", "recommendation_due"):
            message_event_register(
                code=f"monitoring.{event}", template=f"monitoring/messages/{event}.txt"
            )
