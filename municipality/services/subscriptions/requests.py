"""Subscribing: the request, its confirmation by link or code, changes and unsubscribing."""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipality.models import Notice, Subscription
from municipality.phones import phone_parse
from municipality.ratelimits import destination_allow

from ..messages import message_render
from ..outbox import absolute_url, message_queue

Channel = Subscription.Channel
CODE_ATTEMPTS = 5
LANGUAGES = ("ky", "ru", "en")


def phone_normalize(*, phone: str) -> str:
    """'+996 (700) 12-34-56', '0700123456', '700123456' → '+996700123456' (municipality.phones)."""
    parsed = phone_parse(raw=phone)
    if parsed is None:
        raise ValidationError(_("Enter a phone number like +996 700 123 456."), code="phone")
    return parsed


def address_normalize(*, channel: str, address: str) -> str:
    """A subscription address in its stored form (phone normalised, e-mail lower)."""
    if channel == Channel.SMS:
        return phone_normalize(phone=address)
    return (address or "").strip().lower()


def _code_hash(subscription: Subscription, code: str) -> str:
    return salted_hmac("subscription-code", f"{subscription.pk}:{code}").hexdigest()


def _link(name: str, subscription: Subscription) -> str:
    with translation.override(subscription.language):
        return absolute_url(path=reverse(name, args=[subscription.token]))


def subscription_unsubscribe_url(*, subscription: Subscription) -> str:
    """The absolute link that ends a subscription without logging in."""
    return _link("municipality:unsubscribe", subscription)


def _owns_address(user, channel: str, address: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if channel == Channel.EMAIL:
        if not user.email or user.email_confirmed_at is None:
            return False  # an address typed on the account page, never confirmed
        return user.email.strip().lower() == address
    # A phone counts as the account's own only once it was confirmed by a code.
    if not user.phone or user.phone_confirmed_at is None:
        return False
    return phone_parse(raw=user.phone) == address


def _confirmation_send(subscription: Subscription) -> str | None:
    """Queue the confirmation message; returns the SMS code (tests read it from the message).

    Nothing is sent (and an earlier code stays valid) when the address had a message a
    moment ago or its daily maximum (`municipality.ratelimits.destination_allow`); the
    visitor sees the same page either way.
    """
    if not destination_allow(subscription.channel, subscription.address):
        return None
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    key = f"subscription:{subscription.pk}:confirm:{stamp}"
    if subscription.channel == Channel.EMAIL:
        text = message_render(
            event="municipality.subscription_confirm",
            context={"link": _link("municipality:subscription-confirm", subscription)},
            language=subscription.language,
        )
        message_queue(
            channel=Channel.EMAIL,
            recipient=subscription.address,
            subject=text.subject,
            body=text.body,
            idempotency_key=key,
            language=subscription.language,
        )
        return None
    code = f"{secrets.randbelow(10**6):06d}"
    subscription.confirm_code_hash = _code_hash(subscription, code)
    subscription.confirm_attempts = 0
    subscription.save(update_fields=["confirm_code_hash", "confirm_attempts", "updated_at"])
    text = message_render(
        event="municipality.subscription_confirm",
        context={"code": code},
        language=subscription.language,
    )
    message_queue(
        channel=Channel.SMS,
        recipient=subscription.address,
        subject="",
        body=text.sms,
        idempotency_key=key,
        language=subscription.language,
    )
    return code


@transaction.atomic
def subscription_request(
    *, channel: str, address: str, categories: list[str], language: str, user=None
) -> Subscription:
    """Subscribe an address to notice categories; confirmed at once for the account's own address.

    A confirmed subscription of somebody else is left unchanged (the visitor sees the
    same answer, so the form does not reveal who is subscribed).
    """
    if channel not in Channel.values:
        raise ValidationError(_("Choose e-mail or SMS."), code="channel")
    valid = set(Notice.Category.values)
    categories = [c for c in dict.fromkeys(categories) if c in valid]
    if not categories:
        raise ValidationError(_("Choose at least one category."), code="categories")
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    address = address_normalize(channel=channel, address=address)
    owner = _owns_address(user, channel, address)
    subscription = (
        Subscription.objects.select_for_update().filter(channel=channel, address=address).first()
    )
    if subscription is not None and subscription.confirmed_at and not owner:
        return subscription
    if subscription is None:
        subscription = Subscription(channel=channel, address=address)
    subscription.categories = categories
    subscription.language = language
    if owner:
        subscription.user = user
        subscription.confirmed_at = subscription.confirmed_at or timezone.now()
    subscription.save()
    if not subscription.confirmed_at:
        _confirmation_send(subscription)
    return subscription


def subscription_by_token(*, token: str) -> Subscription | None:
    """The subscription with this unsubscribe token, or None."""
    if not token or len(token) > 64:
        return None
    return Subscription.objects.filter(token=token).first()


def subscription_confirm(*, subscription: Subscription, code: str | None = None) -> Subscription:
    """Confirm by the e-mailed link (no code) or by the SMS code (phones need the code).

    A wrong code counts against CODE_ATTEMPTS (the count is saved before the error is raised).
    """
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.confirmed_at:
            return subscription
        good = True
        if subscription.channel == Channel.SMS:
            if subscription.confirm_attempts >= CODE_ATTEMPTS:
                raise PermissionDenied(gettext("Too many wrong codes. Subscribe again."))
            good = bool(subscription.confirm_code_hash) and constant_time_compare(
                subscription.confirm_code_hash, _code_hash(subscription, (code or "").strip())
            )
        if good:
            subscription.confirmed_at = timezone.now()
            subscription.confirm_code_hash = ""
            subscription.save(update_fields=["confirmed_at", "confirm_code_hash", "updated_at"])
        else:
            subscription.confirm_attempts += 1
            subscription.save(update_fields=["confirm_attempts", "updated_at"])
    if not good:
        raise ValidationError(_("The code is not right."), code="code")
    return subscription


@transaction.atomic
def subscription_update(*, subscription: Subscription, categories: list[str]) -> Subscription:
    """Change the categories of a subscription (at least one stays)."""
    valid = set(Notice.Category.values)
    categories = [c for c in dict.fromkeys(categories) if c in valid]
    if not categories:
        raise ValidationError(_("Choose at least one category."), code="categories")
    subscription.categories = categories
    subscription.save(update_fields=["categories", "updated_at"])
    return subscription


@transaction.atomic
def subscription_cancel(*, subscription: Subscription) -> None:
    """Unsubscribe: the row (address included) is deleted; nothing more is sent to it."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def subscribers_for(*, notice: Notice):
    """Confirmed subscribers of the notice's category; every one of them for an emergency."""
    subscribers = (
        Subscription.objects.filter(confirmed_at__isnull=False)
        .select_related("user")
        .order_by("pk")
    )
    if notice.category == Notice.Category.EMERGENCY:
        return subscribers
    # JSON `contains` is not available on SQLite; the list is small, so filter in Python.
    return [s for s in subscribers if notice.category in (s.categories or [])]
