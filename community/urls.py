from django.urls import path

from . import views, views_surveys

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("gatherings/<int:pk>/", views.gathering_detail, name="gathering-detail"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority-detail"),
    path("reports/<int:year>/", views.report_detail, name="report-detail"),
    path("office/", views.office, name="office"),
    path("office/gatherings/new/", views.gathering_create, name="gathering-create"),
    path("office/gatherings/<int:pk>/held/", views.gathering_hold, name="gathering-hold"),
    path("office/assessments/new/", views.assessment_create, name="assessment-create"),
    path("office/priorities/new/", views.priority_create, name="priority-create"),
    path("office/priorities/<int:pk>/", views.priority_manage, name="priority-manage"),
    path("office/priorities/<int:pk>/link/", views.priority_link, name="priority-link"),
    path("office/priorities/<int:pk>/close/", views.priority_close, name="priority-close"),
    path("office/links/<int:pk>/delete/", views.link_delete, name="link-delete"),
    path("office/priorities/<int:pk>/group/", views.group_create, name="group-create"),
    path("office/reports/<int:year>/", views.report_edit, name="report-edit"),
    path("office/reports/<int:year>/publish/", views.report_publish, name="report-publish"),
]

urlpatterns += [
    path("surveys/<int:pk>/", views_surveys.survey_detail, name="survey-detail"),
    path("surveys/<int:pk>/results/", views_surveys.survey_results, name="survey-results"),
    path("surveys/<int:pk>/results.csv", views_surveys.survey_results_csv, name="survey-csv"),
    path("surveys/<int:pk>/results.json", views_surveys.survey_results_json, name="survey-json"),
    path("office/surveys/new/", views_surveys.survey_create, name="survey-create"),
    path("office/surveys/<int:pk>/open/", views_surveys.survey_open, name="survey-open"),
    path("office/surveys/<int:pk>/close/", views_surveys.survey_close, name="survey-close"),
    path(
        "office/surveys/<int:pk>/results/publish/",
        views_surveys.survey_results_publish,
        name="survey-results-publish",
    ),
    path(
        "office/surveys/<int:pk>/questionnaire.pdf",
        views_surveys.survey_questionnaire,
        name="survey-questionnaire",
    ),
    path("office/surveys/<int:pk>/paper/", views_surveys.survey_paper, name="survey-paper"),
]
