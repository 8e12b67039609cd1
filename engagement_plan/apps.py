from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementPlanConfig(AppConfig):
    name = "engagement_plan"
    verbose_name = _("Engagement plan")
