from django.apps import AppConfig
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Local initiatives")

    def ready(self):
        # ready(): models and the kernel's registries load after the app registry
        from municipality.files import file_download_name, file_register
        from municipality.i18n import text_in
        from municipality.models import OfficialDocument as D
        from municipality.selectors.search import search_register
        from municipality.services import (
            document_kind_register,
            message_event_register,
            reminder_register,
        )
        from municipality.services.accounts import account_deleting
        from municipality.services.attention import attention_register
        from municipality.services.my_work import my_work_register
        from municipality.services.people import person_claimed

        from . import my_work, selectors
        from .models import (
            ApplicationAttachment,
            ContestFile,
            PaperScoreSheet,
            ProtocolSignature,
            ReportPhoto,
        )
        from .permissions import (
            can_view_application_file,
            can_view_contest_file,
            can_view_paper_sheet,
            can_view_protocol_signature,
            can_view_report_photo,
        )
        from .receipts import register as receipts_register
        from .tasks import late_reports_attention, reports_due

        person_claimed.connect(_join_paper_applications, dispatch_uid="initiatives.claim")
        account_deleting.connect(_delete_drafts, dispatch_uid="initiatives.account_deleting")
        reminder_register(name="initiatives.reports_due", check=reports_due)
        # Reports and contests change only through audited services; due dates are dates.
        attention_register(
            name="initiatives.late_reports", fn=late_reports_attention, versioned=True
        )
        my_work_register(name="initiatives", fn=my_work.items)
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
        file_register(PaperScoreSheet, can_view_paper_sheet)
        file_register(ProtocolSignature, can_view_protocol_signature)

        def contest(*, subject, document):
            return selectors.contest_pdf_context(contest=subject, document=document)

        def application(*, subject, document):
            return selectors.application_pdf_context(application=subject, document=document)

        def named(msgid):
            """The title of a translation copy, in the language being rendered."""

            def title(*, subject, document):
                name = (
                    text_in(subject, "title", (get_language() or "ky")[:2])
                    if hasattr(subject, "title_ky")
                    else subject.title
                )
                return str(msgid) % {"title": name}

            return title

        titles = {
            "commission_order.html": named(
                _("On setting up the contest commission of «%(title)s»")
            ),
            "member_replacement_order.html": named(
                _("On replacing a member of the contest commission of «%(title)s»")
            ),
            "protocol.html": named(_("Final protocol of the contest commission of «%(title)s»")),
            "results_order.html": named(_("On approving the results of the contest «%(title)s»")),
            "agreement.html": named(_("Agreement on implementing the project «%(title)s»")),
            "terms.html": named(_("Terms of reference of the project «%(title)s»")),
        }

        for template, kind, model, context in [
            ("commission_order.html", D.Kind.ORDER, "Contest", contest),
            ("member_replacement_order.html", D.Kind.ORDER, "Contest", contest),
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
                # The contest commission numbers its own protocols.
                register="contest-commission" if template == "protocol.html" else "",
                title=titles[template],
            )

        for event in (
            "receipt",
            "check",
            "result",
            "conflict_cleared",
            "contest_announced",
            "contest_winners",
            "report_due",
            "report_late",
            "contest_halted",
        ):
            message_event_register(
                code=f"initiatives.{event}", template=f"initiatives/messages/{event}.txt"
            )

        receipts_register()


def _join_paper_applications(sender, *, person, user, **kwargs):
    """A claimed register record: the person's paper applications join their account."""
    # apps.py loads before the models (they are ready when the signal is sent)
    from .models import Application

    Application.objects.filter(applicant_person=person, applicant__isnull=True).update(
        applicant=user
    )


def _delete_drafts(sender, *, user, **kwargs):
    """A deleted account: its unsent drafts go (submitted applications are kept)."""
    # apps.py loads before the models (they are ready when the signal is sent)
    from .models import Application

    for draft in Application.objects.filter(applicant=user, status=Application.Status.DRAFT):
        for attachment in draft.attachments.all():
            attachment.file.delete(save=False)
        draft.delete()
