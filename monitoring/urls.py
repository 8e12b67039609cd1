from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<int:pk>/", views.group_detail, name="group-detail"),
    path("groups/<int:pk>/manage/", views.group_manage, name="group-manage"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group-edit"),
    path("protocols/<int:pk>/", views.protocol_detail, name="protocol-detail"),
    path("protocols/<int:pk>/edit/", views.protocol_edit, name="protocol-edit"),
    path("protocols/<int:pk>/sign/", views.protocol_sign, name="protocol-sign"),
    path("subjects/<int:pk>/protocols/new/", views.protocol_start, name="protocol-start"),
    path("my/", views.my_groups, name="my-groups"),
    path("my/<int:pk>/", views.member_group, name="member-group"),
    path("my/<int:pk>/checklist/", views.questions, name="questions"),
    path("my/<int:pk>/report/", views.report_issue, name="report-issue"),
    path(
        "recommendations/<int:pk>/review/",
        views.recommendation_review,
        name="recommendation-review",
    ),
    path("office/", views.office, name="office"),
    path(
        "office/recommendations/<int:pk>/",
        views.recommendation_answer,
        name="recommendation-answer",
    ),
]
