"""Subscribe to notices, confirm, manage and unsubscribe — the token links work without login."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from municipality.forms.subscriptions import (
    SubscribeForm,
    SubscriptionCategoriesForm,
    SubscriptionCodeForm,
)
from municipality.models import Subscription
from municipality.services.subscriptions import (
    subscription_by_token,
    subscription_cancel,
    subscription_confirm,
    subscription_request,
    subscription_update,
)

PENDING_KEY = "subscription_pending"
SUBSCRIBE_RATE = "10/h"


def _form_errors(form, error: ValidationError, field_by_code: dict) -> None:
    for item in error.error_list:
        form.add_error(field_by_code.get(item.code), item)


@ratelimit(key="ip", rate=SUBSCRIBE_RATE, method="POST", block=True)
def subscribe(request):
    user = request.user
    language = user.language if user.is_authenticated and user.language else get_language()
    initial = {"language": language if language in ("ky", "ru") else "ky"}
    if user.is_authenticated:
        initial.update(email=user.email, phone=user.phone)
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request_args = dict(
            channel=data["channel"],
            address=form.address,
            categories=data["categories"],
            language=data["language"],
            user=user,
        )
        try:
            try:
                subscription = subscription_request(**request_args)
            except IntegrityError:  # the same address subscribed at the same moment
                subscription = subscription_request(**request_args)
        except ValidationError as error:
            _form_errors(
                form, error, {"categories": "categories", "channel": "channel", "phone": "phone"}
            )
        else:
            owner = user.is_authenticated and subscription.user_id == user.pk
            if subscription.confirmed_at and owner:
                messages.success(request, _("You are subscribed."))
                return redirect("municipality:account")
            if subscription.channel == Subscription.Channel.SMS:
                request.session[PENDING_KEY] = (
                    None if subscription.confirmed_at else subscription.pk
                )
                return redirect("municipality:subscription-code")
            return redirect("municipality:subscription-sent")
    return render(request, "municipality/subscription_form.html", {"form": form})


def subscribe_sent(request):
    return render(request, "municipality/subscription_sent.html")


@ratelimit(key="ip", rate="20/h", method="POST", block=True)
def subscribe_code(request):
    form = SubscriptionCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pending = request.session.get(PENDING_KEY)
        subscription = Subscription.objects.filter(pk=pending).first() if pending else None
        try:
            if subscription is None:
                raise ValidationError(_("The code is not right."), code="code")
            subscription_confirm(subscription=subscription, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        except PermissionDenied as error:
            request.session.pop(PENDING_KEY, None)
            form.add_error(None, str(error))
        else:
            request.session.pop(PENDING_KEY, None)
            return render(
                request,
                "municipality/subscription_done.html",
                {
                    "headline": _("Subscription confirmed"),
                    "text": _("You will receive the notices you chose by SMS."),
                },
            )
    return render(request, "municipality/subscription_code.html", {"form": form})


def _by_token(token: str) -> Subscription:
    subscription = subscription_by_token(token=token)
    if subscription is None:
        raise Http404
    return subscription


def subscribe_confirm(request, token):
    """GET shows a button (mail scanners follow links); the POST confirms."""
    subscription = _by_token(token)
    if subscription.channel != Subscription.Channel.EMAIL:
        raise Http404
    if request.method == "POST":
        subscription_confirm(subscription=subscription)
        return render(
            request,
            "municipality/subscription_done.html",
            {
                "headline": _("Subscription confirmed"),
                "text": _("You will receive the notices you chose by e-mail."),
                "manage_url": reverse("municipality:unsubscribe", args=[subscription.token]),
            },
        )
    return render(
        request, "municipality/subscription_confirm.html", {"subscription": subscription}
    )


def unsubscribe(request, token):
    """Manage one subscription from the link in every message: change categories or leave."""
    subscription = subscription_by_token(token=token)
    if subscription is None:
        return render(
            request,
            "municipality/subscription_done.html",
            {
                "headline": _("This link is no longer valid"),
                "text": _("The subscription was already cancelled, or the link is incomplete."),
            },
            status=404,
        )
    form = SubscriptionCategoriesForm(initial={"categories": subscription.categories})
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            subscription_cancel(subscription=subscription)
            return render(
                request,
                "municipality/subscription_done.html",
                {
                    "headline": _("You are unsubscribed"),
                    "text": _("Nothing more will be sent to %(address)s.")
                    % {"address": subscription.address},
                },
            )
        form = SubscriptionCategoriesForm(request.POST)
        if form.is_valid():
            try:
                subscription_update(
                    subscription=subscription, categories=form.cleaned_data["categories"]
                )
            except ValidationError as error:
                form.add_error("categories", error)
            else:
                messages.success(request, _("Your choice is saved."))
                return redirect("municipality:unsubscribe", token=subscription.token)
    return render(
        request,
        "municipality/subscription_manage.html",
        {"subscription": subscription, "form": form},
    )
