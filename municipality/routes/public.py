from django.urls import path

from municipality.views import notices, public

urlpatterns = [
    path("", public.home, name="home"),
    path("notices/", notices.notice_list, name="notice-list"),
    path("notices/feed/", notices.notice_feed, name="notice-feed"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice-detail"),
    path("local-issues/", public.placeholder, name="local-issues"),
    path("office/", public.placeholder, name="office"),
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
    path("office/local-issues/", public.placeholder, name="office-local-issues"),
]
