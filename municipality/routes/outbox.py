"""Subscriptions to notices: subscribe, confirm, manage or leave (no login needed)."""

from django.urls import path

from municipality.views import subscriptions

urlpatterns = [
    path("subscribe/", subscriptions.subscribe, name="subscribe"),
    path("subscribe/code/", subscriptions.subscribe_code, name="subscription-code"),
    path("subscribe/sent/", subscriptions.subscribe_sent, name="subscription-sent"),
    path(
        "subscribe/confirm/<str:token>/",
        subscriptions.subscribe_confirm,
        name="subscription-confirm",
    ),
    path("unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
]
