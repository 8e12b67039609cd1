from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementPlanConfig(AppConfig):
    name = "engagement_plan"
    verbose_name = _("Engagement plan")

    def ready(self):
        from municipality.services import reminder_register
        from municipality.services.attention import attention_register

        from .tasks import office_attention, overdue_activities_check, plans_due_for_review_check

        reminder_register("engagement_plan.activities_overdue", overdue_activities_check)
        reminder_register("engagement_plan.plans_due_for_review", plans_due_for_review_check)
        attention_register("engagement_plan.attention", office_attention)

        from municipality.services.my_work import my_work_register

        from . import my_work

        my_work_register("engagement_plan", my_work.items)

        from municipality.models import OfficialDocument as D
        from municipality.services import document_kind_register as register

        from . import selectors

        def group(*, subject, document):
            return selectors.working_group_pdf_context(group=subject, document=document)

        def plan(*, subject, document):
            return selectors.plan_pdf_context(plan=subject, document=document)

        template = "engagement_plan/pdf/working_group_order.html"
        register(
            template=template,
            kind=D.Kind.ORDER,
            model="engagement_plan.WorkingGroup",
            context=group,
        )
        register(
            template="engagement_plan/pdf/plan_order.html",
            kind=D.Kind.ORDER,
            model="engagement_plan.Plan",
            context=plan,
        )
        register(
            template="engagement_plan/pdf/plan.html",
            kind=D.Kind.PLAN,
            model="engagement_plan.Plan",
            context=plan,
        )
