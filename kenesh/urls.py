from django.urls import path

from . import views

app_name = "kenesh"

urlpatterns = [
    path("", views.index, name="index"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/poster.pdf", views.session_poster, name="session-poster"),
    path("sessions/<int:pk>/attend/", views.session_register, name="session-register"),
    path("resolutions/", views.resolution_list, name="resolution-list"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution-detail"),
    path("resolutions/<int:pk>/ru.pdf", views.resolution_pdf_ru, name="resolution-pdf-ru"),
    path("initiatives/", views.initiative_list, name="initiative-list"),
    path("initiatives/new/", views.initiative_create, name="initiative-create"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative-detail"),
    path("initiatives/<int:pk>/sign/", views.initiative_sign, name="initiative-sign"),
    path("initiatives/<int:pk>/withdraw/", views.initiative_withdraw, name="initiative-withdraw"),
    path("initiatives/<int:pk>/sheet.pdf", views.signature_sheet_pdf, name="signature-sheet"),
    path("petitions/", views.petition_list, name="petition-list"),
    path("petitions/new/", views.petition_create, name="petition-create"),
    path("petitions/<int:pk>/", views.petition_detail, name="petition-detail"),
    path("petitions/<int:pk>/support/", views.petition_support, name="petition-support"),
    path("office/", views.office, name="office"),
    path("office/deputies/", views.deputies, name="deputies"),
    path("office/commissions/", views.commissions, name="commissions"),
    path("office/commissions/<int:pk>/", views.commission_edit, name="commission-edit"),
    path("office/sessions/new/", views.session_create, name="session-create"),
    path("office/sessions/<int:pk>/", views.session_manage, name="session-manage"),
    path("office/items/<int:pk>/decision/", views.decision_record, name="decision-record"),
    path(
        "office/resolutions/<int:pk>/publish/", views.resolution_publish, name="resolution-publish"
    ),
    path("office/initiatives/<int:pk>/", views.initiative_manage, name="initiative-manage"),
    path("office/initiatives/<int:pk>/sheet/", views.sheet_enter, name="sheet-enter"),
    path("office/petitions/<int:pk>/answer/", views.petition_answer, name="petition-answer"),
]
