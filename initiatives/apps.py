from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Local initiatives")

    def ready(self):
        from municipality.services import reminder_register

        from .tasks import reports_due

        reminder_register("initiatives.reports_due", reports_due)
        _register_documents()

        from municipality.services.my_work import my_work_register

        from . import my_work

        my_work_register("initiatives", my_work.items)


def _register_documents():
    from municipality.models import OfficialDocument as D
    from municipality.services import document_kind_register as register

    from . import selectors

    def contest(*, subject, document):
        return selectors.contest_pdf_context(contest=subject, document=document)

    def application(*, subject, document):
        return selectors.application_pdf_context(application=subject, document=document)

    for template, kind, model, context in [
        ("initiatives/pdf/commission_order.html", D.Kind.ORDER, "initiatives.Contest", contest),
        ("initiatives/pdf/protocol.html", D.Kind.PROTOCOL, "initiatives.Contest", contest),
        ("initiatives/pdf/results_order.html", D.Kind.ORDER, "initiatives.Contest", contest),
        (
            "initiatives/pdf/agreement.html",
            D.Kind.AGREEMENT,
            "initiatives.Application",
            application,
        ),
        ("initiatives/pdf/terms.html", D.Kind.TERMS, "initiatives.Application", application),
    ]:
        register(template=template, kind=kind, model=model, context=context)
