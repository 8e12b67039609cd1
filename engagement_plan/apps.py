from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class EngagementPlanConfig(AppConfig):
    name = "engagement_plan"
    verbose_name = _("Engagement plan")

    def ready(self):
        # ready(): models and the kernel's registries load after the app registry
        from municipality.files import file_register
        from municipality.models import OfficialDocument as D
        from municipality.selectors.search import search_register
        from municipality.services import (
            document_kind_register,
            message_event_register,
            reminder_register,
        )
        from municipality.services.attention import attention_register
        from municipality.services.my_work import my_work_register

        from . import my_work, selectors
        from .models import ActivityPhoto
        from .permissions import can_view_activity_photo
        from .receipts import register as receipts_register
        from .tasks import office_attention, overdue_activities_check, plans_due_for_review_check

        reminder_register(
            name="engagement_plan.activities_overdue", check=overdue_activities_check
        )
        reminder_register(
            name="engagement_plan.plans_due_for_review", check=plans_due_for_review_check
        )
        # Activities and plans change only through audited services; deadlines are dates.
        attention_register(name="engagement_plan.attention", fn=office_attention, versioned=True)
        my_work_register(name="engagement_plan", fn=my_work.items)
        search_register("engagement_plan.plans", selectors.plans_search)
        file_register(ActivityPhoto, can_view_activity_photo)

        def group(*, subject, document):
            return selectors.working_group_pdf_context(group=subject, document=document)

        def plan(*, subject, document):
            return selectors.plan_pdf_context(plan=subject, document=document)

        # Titles of a translation copy, in the language being rendered.
        titles = {
            "engagement_plan/pdf/working_group_order.html": lambda **_: gettext(
                "On approving the working group for drafting the community engagement plan"
            ),
            "engagement_plan/pdf/plan_order.html": lambda **_: gettext(
                "On approving the community engagement plan"
            ),
            "engagement_plan/pdf/plan.html": lambda *, subject, document: (
                gettext(
                    "Plan for involving the local community in solving issues of local "
                    "significance (%(period)s)"
                )
                % {"period": subject.period}
            ),
        }

        for template, kind, model, context in [
            ("engagement_plan/pdf/working_group_order.html", D.Kind.ORDER, "WorkingGroup", group),
            ("engagement_plan/pdf/plan_order.html", D.Kind.ORDER, "Plan", plan),
            ("engagement_plan/pdf/plan.html", D.Kind.PLAN, "Plan", plan),
        ]:
            document_kind_register(
                template=template,
                kind=kind,
                model=f"engagement_plan.{model}",
                context=context,
                title=titles[template],
            )

        for event in ("discussion_opened", "plan_approved", "activity_overdue", "plan_review"):
            message_event_register(
                code=f"engagement_plan.{event}", template=f"engagement_plan/messages/{event}.txt"
            )

        receipts_register()

        # The plan's public-discussion gathering is a community gathering: whichever page
        # announces or holds one, the plan sees it (engagement_plan/services/gatherings.py).
        from community.models import Gathering
        from community.services import gathering_kind_register

        from .services import discussion_gathering_announced, discussion_gathering_held

        gathering_kind_register(
            kind=Gathering.Kind.PLAN_DISCUSSION,
            announced=discussion_gathering_announced,
            held=discussion_gathering_held,
        )
