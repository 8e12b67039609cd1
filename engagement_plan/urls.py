from django.urls import path

from . import views

app_name = "engagement_plan"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/comment/", views.comment_add, name="comment-add"),
    path("office/", views.office, name="office"),
    path("office/groups/new/", views.group_create, name="group-create"),
    path("office/groups/<int:pk>/", views.group_detail, name="group-detail"),
    path("office/groups/<int:pk>/members/", views.member_add, name="member-add"),
    path("office/groups/<int:pk>/approve/", views.group_approve, name="group-approve"),
    path("office/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("office/plans/new/", views.plan_create, name="plan-create"),
    path("office/plans/<int:pk>/", views.plan_office, name="plan-office"),
    path("office/plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("office/plans/<int:pk>/activities/", views.activity_add, name="activity-add"),
    path(
        "office/plans/<int:pk>/discussion/",
        views.plan_open_discussion,
        name="plan-open-discussion",
    ),
    path(
        "office/plans/<int:pk>/paper-comment/", views.paper_comment_add, name="paper-comment-add"
    ),
    path("office/plans/<int:pk>/gathering/", views.gathering_record, name="gathering-record"),
    path("office/plans/<int:pk>/approve/", views.plan_approve, name="plan-approve"),
    path("office/plans/<int:pk>/in-force/", views.plan_put_in_force, name="plan-in-force"),
    path("office/plans/<int:pk>/revise/", views.plan_revise, name="plan-revise"),
    path("office/plans/<int:pk>/archive/", views.plan_archive, name="plan-archive"),
    path("office/activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path(
        "office/activities/<int:pk>/evidence/", views.activity_evidence, name="activity-evidence"
    ),
    path("office/activities/<int:pk>/cancel/", views.activity_cancel, name="activity-cancel"),
    path("office/activities/<int:pk>/start/", views.activity_start, name="activity-start"),
    path("office/comments/<int:pk>/answer/", views.comment_answer, name="comment-answer"),
]
