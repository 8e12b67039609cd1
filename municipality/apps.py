from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .plain_messages import install_plain_messages

# Before any form class is built (Django imports every apps.py before its models and admin).
install_plain_messages()


class MunicipalityConfig(AppConfig):
    name = "municipality"
    verbose_name = _("Municipality")

    def ready(self):
        # ready(): models and the kernel's registries load after the app registry
        from . import (
            checks,  # noqa: F401 — registers the system checks
            tasks,  # noqa: F401 — registers the tasks services queue by name
        )
        from .data_version import watch_all_writes
        from .files import file_download_name, file_register
        from .limits import guard_model_choice_ids
        from .models import Municipality, NoticeAttachment, OfficialDocument
        from .permissions import (
            can_view_document_file,
            can_view_municipality_file,
            can_view_notice_attachment,
        )
        from .selectors.search import documents_search, notices_search, search_register
        from .services.documents import document_kind_register
        from .services.messages import message_event_register
        from .services.reminders import local_issues_list_due, reminder_register

        reminder_register(name="municipality.local_issues_list", check=local_issues_list_due)
        message_event_register(
            code="municipality.local_issues_published",
            template="municipality/messages/local_issues_published.txt",
        )
        # The plain layout any document can be printed in (tests, one-off orders).
        document_kind_register(template="pdf/generic.html", kind=None, model=None)
        file_register(
            NoticeAttachment,
            can_view_notice_attachment,
            download_name=lambda a: file_download_name(a.title, a.file),
        )
        file_register(
            OfficialDocument, can_view_document_file, download_name=lambda d: d.download_name
        )
        file_register(Municipality, can_view_municipality_file)
        guard_model_choice_ids()
        # The kernel's own messages: sign-up and phone codes, a second sign-up, subscriptions.
        for event in ("signup_code", "phone_code", "account_exists", "subscription_confirm"):
            message_event_register(
                code=f"municipality.{event}", template=f"municipality/messages/{event}.txt"
            )
        search_register("municipality.notices", notices_search)
        search_register("municipality.documents", documents_search)
        # Every write on every connection bumps the stored data version (logged-in pages).
        watch_all_writes()
