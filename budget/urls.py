from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.index, name="index"),
    path("lines.csv", views.lines_csv, name="lines-csv"),
    path("lines.json", views.lines_json, name="lines-json"),
    path("hearings/", views.hearing_list, name="hearing-list"),
    path("hearings.json", views.hearings_json, name="hearings-json"),
    path("hearings/<int:pk>/", views.hearing_detail, name="hearing-detail"),
    path("hearings/<int:pk>/propose/", views.hearing_propose, name="hearing-propose"),
    path("hearings/<int:pk>/register/", views.hearing_register, name="hearing-register"),
    path("office/", views.office, name="office"),
    path("office/hearings/new/", views.office_hearing_create, name="office-hearing-create"),
    path("office/hearings/<int:pk>/", views.office_hearing, name="office-hearing"),
    path("office/hearings/<int:pk>/edit/", views.office_hearing_edit, name="office-hearing-edit"),
    path(
        "office/hearings/<int:pk>/announce/",
        views.office_hearing_announce,
        name="office-hearing-announce",
    ),
    path(
        "office/hearings/<int:pk>/materials/",
        views.office_hearing_material,
        name="office-hearing-material",
    ),
    path(
        "office/hearings/<int:pk>/proposals/",
        views.office_hearing_proposal,
        name="office-hearing-proposal",
    ),
    path("office/hearings/<int:pk>/hold/", views.office_hearing_hold, name="office-hearing-hold"),
    path(
        "office/hearings/<int:pk>/protocol/",
        views.office_hearing_protocol,
        name="office-hearing-protocol",
    ),
    path(
        "office/proposals/<int:pk>/decide/",
        views.office_proposal_decide,
        name="office-proposal-decide",
    ),
    path("office/lines/", views.office_lines, name="office-lines"),
    path("office/lines/new/", views.office_line_form, name="office-line-create"),
    path("office/lines/<int:pk>/edit/", views.office_line_form, name="office-line-edit"),
    path("office/lines/<int:pk>/delete/", views.office_line_delete, name="office-line-delete"),
    path("office/lines/<int:pk>/links/", views.office_line_links, name="office-line-links"),
    path("office/lines/import/", views.office_import, name="office-import"),
    path("office/categories/", views.office_categories, name="office-categories"),
    path("office/categories/<int:pk>/", views.office_category_edit, name="office-category-edit"),
]
