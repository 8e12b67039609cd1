from django.urls import path

from municipality.views import (
    local_issues,
    notices,
    office,
    participation,
    people,
    public,
    receipts,
    search,
)

urlpatterns = [
    path("", public.home, name="home"),
    path("search/", search.search, name="search"),
    path("notices/", notices.notice_list, name="notice-list"),
    path("notices/feed/", notices.notice_feed, name="notice-feed"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice-detail"),
    path("local-issues/", local_issues.local_issue_list, name="local-issues"),
    path("participation/", participation.participation, name="participation"),
    path("office/", office.office_home, name="office"),
    path("office/notices/", notices.OfficeNoticeListView.as_view(), name="office-notices"),
    path(
        "office/notices/new/", notices.OfficeNoticeFormView.as_view(), name="office-notice-create"
    ),
    path(
        "office/notices/<int:pk>/edit/",
        notices.OfficeNoticeFormView.as_view(),
        name="office-notice-edit",
    ),
    path(
        "office/notices/<int:pk>/publish/",
        notices.office_notice_publish,
        name="office-notice-publish",
    ),
    path(
        "office/notices/<int:pk>/delete/",
        notices.OfficeNoticeDeleteView.as_view(),
        name="office-notice-delete",
    ),
    path(
        "office/local-issues/",
        local_issues.OfficeLocalIssueListView.as_view(),
        name="office-local-issues",
    ),
    path(
        "office/local-issues/new/",
        local_issues.OfficeLocalIssueFormView.as_view(),
        name="office-local-issue-create",
    ),
    path(
        "office/local-issues/<int:pk>/edit/",
        local_issues.OfficeLocalIssueFormView.as_view(),
        name="office-local-issue-edit",
    ),
    path(
        "office/local-issues/<int:pk>/remove/",
        local_issues.OfficeLocalIssueRemoveView.as_view(),
        name="office-local-issue-remove",
    ),
    path(
        "office/local-issues/legal-list/",
        local_issues.OfficeLegalListUploadView.as_view(),
        name="office-legal-list",
    ),
    path(
        "office/local-issues/legal-list/<int:pk>/",
        local_issues.OfficeLegalListConfirmView.as_view(),
        name="office-legal-list-confirm",
    ),
    path("office/people/", people.person_list, name="office-people"),
    path("office/people/new/", people.person_edit, name="office-person-create"),
    path("office/people/<int:pk>/", people.person_edit, name="office-person-edit"),
    path("office/people/<int:pk>/remove/", people.person_remove, name="office-person-remove"),
    path(
        "office/receipts/<label:kind>/<int:pk>.pdf", receipts.paper_receipt, name="paper-receipt"
    ),
]
