from django.urls import path

from .views import commission, office, public, resident

app_name = "initiatives"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.contest_detail, name="contest"),
    path("<int:pk>/results.csv", public.contest_csv, name="contest-csv"),
    path("<int:pk>/results.json", public.contest_json, name="contest-json"),
    path("<int:pk>/apply/", resident.apply, name="apply"),
    path("my/", resident.my_applications, name="my-applications"),
    path("applications/<int:pk>/", resident.application_detail, name="application"),
    path("applications/<int:pk>/support/", public.application_support, name="support"),
    path("applications/<int:pk>/edit/", resident.application_edit, name="application-edit"),
    path(
        "applications/<int:pk>/withdraw/",
        resident.application_withdraw,
        name="application-withdraw",
    ),
    path(
        "applications/<int:pk>/files/<int:attachment_pk>/delete/",
        resident.attachment_delete,
        name="attachment-delete",
    ),
    path("applications/<int:pk>/reports/<int:report_pk>/", resident.report_edit, name="report"),
    path("commission/", commission.home, name="commission"),
    path("commission/<int:pk>/", commission.contest, name="commission-contest"),
    path("commission/applications/<int:pk>/", commission.score, name="score"),
    path("office/", office.home, name="office"),
    path("office/new/", office.contest_new, name="office-contest-new"),
    path("office/<int:pk>/", office.contest_detail, name="office-contest"),
    path("office/<int:pk>/edit/", office.contest_edit, name="office-contest-edit"),
    path("office/<int:pk>/criteria/", office.criteria, name="office-criteria"),
    path("office/<int:pk>/commission/", office.commission, name="office-commission"),
    path("office/<int:pk>/move/", office.contest_move, name="office-move"),
    path("office/<int:pk>/extend/", office.contest_extend, name="office-extend"),
    path("office/<int:pk>/paper/", office.paper, name="office-paper"),
    path("office/applications/<int:pk>/", office.application_check, name="office-application"),
    path(
        "office/applications/<int:pk>/paper-sheet/", office.paper_sheet, name="office-paper-sheet"
    ),
    path(
        "office/applications/<int:pk>/score-sheet/<int:member_pk>.pdf",
        office.blank_score_sheet,
        name="office-score-sheet",
    ),
    path(
        "office/applications/<int:pk>/receipt.pdf",
        office.paper_receipt,
        name="office-paper-receipt",
    ),
]
