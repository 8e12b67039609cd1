from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Joint monitoring")

    def ready(self):
        from municipality.files import file_register
        from municipality.services import reminder_register

        from .models import MonitoringGroup, Photo, Protocol
        from .permissions import can_view_group_file, can_view_photo, can_view_protocol_file
        from .reminders import recommendations_due_check

        reminder_register("monitoring.recommendations_due", recommendations_due_check)
        file_register(MonitoringGroup, can_view_group_file)
        file_register(Protocol, can_view_protocol_file)
        file_register(Photo, can_view_photo)
