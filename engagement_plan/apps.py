from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementPlanConfig(AppConfig):
    name = "engagement_plan"
    verbose_name = _("Engagement plan")

    def ready(self):
        from municipality.files import file_register
        from municipality.services import reminder_register
        from municipality.services.attention import attention_register

        from .models import ActivityPhoto
        from .permissions import can_view_activity_photo
        from .tasks import office_attention, overdue_activities_check, plans_due_for_review_check

        reminder_register("engagement_plan.activities_overdue", overdue_activities_check)
        reminder_register("engagement_plan.plans_due_for_review", plans_due_for_review_check)
        attention_register("engagement_plan.attention", office_attention)
        file_register(ActivityPhoto, can_view_activity_photo)
