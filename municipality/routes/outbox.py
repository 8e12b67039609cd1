"""Subscriptions to notices (subscribe, confirm, manage or leave, no login needed) and the
office's outbox page."""

from django.urls import path

from municipality.views import outbox, subscriptions

urlpatterns = [
    path("subscribe/", subscriptions.subscribe, name="subscribe"),
    path("subscribe/code/", subscriptions.subscribe_code, name="subscription-code"),
    path("subscribe/sent/", subscriptions.subscribe_sent, name="subscription-sent"),
    path(
        "subscribe/confirm/<token:token>/",
        subscriptions.subscribe_confirm,
        name="subscription-confirm",
    ),
    path("unsubscribe/<token:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("office/outbox/", outbox.office_outbox, name="office-outbox"),
    path("office/outbox/<int:pk>/retry/", outbox.office_outbox_retry, name="office-outbox-retry"),
]
