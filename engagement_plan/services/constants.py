"""Document titles (msgids) and the fields staff edit, shared by the services."""

from django.utils.translation import gettext_lazy

#: Document titles (msgids); the documents print them in Kyrgyz (`in_kyrgyz`).
WORKING_GROUP_ORDER_TITLE = gettext_lazy(
    "On approving the composition of the working group for drafting the plan for engaging the "
    "local community"
)


PLAN_ORDER_TITLE = gettext_lazy("On approving the plan for engaging the local community")


PLAN_DOCUMENT_TITLE = gettext_lazy(
    "Plan for engaging the local community in solving issues of local importance"
)


#: Fields staff edit; services take the plain translated names (`title`) as Kyrgyz too.
PLAN_FIELDS = (
    "title_ky",
    "title_ru",
    "summary_ky",
    "summary_ru",
    "period_start",
    "period_end",
    "working_group",
    "sedp_reference",
    "sectoral_programmes",
    "needs_priorities",
    "monitoring_results",
)


ACTIVITY_FIELDS = (
    "title_ky",
    "title_ru",
    "description_ky",
    "description_ru",
    "direction",
    "form",
    "channel",
    "periodicity",
    "responsible",
    "resources",
    "deadline",
)


#: Copied to a revised plan's new version: every language, English too.
PLAN_COPY_FIELDS = (*PLAN_FIELDS, "title_en", "summary_en")


ACTIVITY_COPY_FIELDS = (*ACTIVITY_FIELDS, "title_en", "description_en")
