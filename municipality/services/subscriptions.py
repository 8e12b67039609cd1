"""Subscriptions to notice categories, and notifying subscribers when a notice is published.

- E-mail subscriptions are confirmed by a link sent to the address.
- Phone subscriptions are confirmed with a six-digit code sent by SMS.
- A logged-in resident subscribing the e-mail or phone of their own account is confirmed
  at once when that address was confirmed (by the sign-up code, or the phone's code);
  otherwise the link or code is sent first, as for anybody.
- Confirmation messages to one address are limited, whoever asks
  (`municipality.ratelimits.destination_allow`).
- Unconfirmed subscriptions receive nothing.
- Every message to a subscriber ends with the unsubscribe link
  `/<lang>/unsubscribe/<token>/`, which works without logging in.
- Emergency notices go to every confirmed subscriber, whatever categories they chose.
"""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipality.dates import official_datetime
from municipality.models import Notice, OutboxMessage, Subscription
from municipality.phones import phone_parse
from municipality.ratelimits import destination_allow
from municipality.sms import sms_segments
from municipality.telegram import telegram_configured

from .messages import message_render
from .outbox import absolute_url, message_queue, messages_queue_bulk

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


def _notice_head(notice: Notice, label: str) -> str:
    """ "Label: title", without the label twice when the title already starts with it."""
    title = (notice.title or "").strip()
    if title.casefold().startswith(str(label).casefold()):
        return title
    return f"{label}: {title}"


def _notice_sms(notice: Notice, label: str, link: str, unsubscribe: str) -> str:
    """The SMS of a notice; an emergency one carries the notice's text itself, shortened to
    EMERGENCY_SMS_SEGMENTS parts (a basic phone may never open the link)."""
    stop = gettext("Stop: %(url)s") % {"url": unsubscribe}
    head = _notice_head(notice, label)
    plain = f"{head}\n{link}\n{stop}"
    body = " ".join((notice.body or "").split())
    if not notice.is_emergency or not body:
        return plain
    limit = max(1, settings.EMERGENCY_SMS_SEGMENTS)

    def build(text: str) -> str:
        return f"{head}\n{text}\n{link}\n{stop}"

    if sms_segments(build(body)) <= limit:
        return build(body)
    low, high = 0, len(body)  # the longest start of the body that still fits
    while low < high:
        middle = (low + high + 1) // 2
        if sms_segments(build(body[:middle].rstrip() + "…")) <= limit:
            low = middle
        else:
            high = middle - 1
    return build(body[:low].rstrip() + "…") if low else plain


def notice_send_estimate(*, notice: Notice) -> dict:
    """What publishing the notice will send: e-mails, SMS and their parts, the Telegram post
    (for staff to confirm).

    Counted from the same subscribers and texts as `notice_notify_subscribers`.
    """
    counts = {}
    sms_rows = {}
    for subscription in subscribers_for(notice=notice):
        counts[subscription.channel] = counts.get(subscription.channel, 0) + 1
        if subscription.channel == Channel.SMS:
            row = sms_rows.get(subscription.language)
            if row is None:
                text = notice_message(notice=notice, subscription=subscription)["body"]
                row = sms_rows[subscription.language] = {
                    "language": subscription.language,
                    "text": text,
                    "length": len(text),
                    "segments": sms_segments(text),
                    "count": 0,
                }
            row["count"] += 1
    rows = sorted(sms_rows.values(), key=lambda r: r["language"])
    return {
        "email": counts.get(Channel.EMAIL, 0),
        "sms": counts.get(Channel.SMS, 0),
        "other": {k: v for k, v in counts.items() if k not in (Channel.EMAIL, Channel.SMS)},
        "telegram": 1 if telegram_configured() else 0,
        # The exact post the channel gets (the same function queues it on publishing).
        "telegram_text": notice_telegram_text(notice=notice) if telegram_configured() else "",
        "telegram_channel": settings.TELEGRAM_CHANNEL if telegram_configured() else "",
        "sms_rows": rows,
        "sms_segments": sum(r["segments"] * r["count"] for r in rows),
    }


def notice_sms_text(*, notice: Notice, language: str = "ky") -> str:
    """The SMS a subscriber would get for this notice (for the cost shown to staff)."""
    sample = Subscription(channel=Channel.SMS, address="", language=language)
    with translation.override(language):
        label = gettext("Emergency") if notice.is_emergency else notice.get_category_display()
        link = absolute_url(path=notice.get_absolute_url())
        return _notice_sms(notice, label, link, subscription_unsubscribe_url(subscription=sample))


def notice_message(*, notice: Notice, subscription: Subscription) -> dict:
    """Subject and body of a notice for one subscriber, in the subscriber's language."""
    with translation.override(subscription.language):
        link = absolute_url(path=notice.get_absolute_url())
        unsubscribe = subscription_unsubscribe_url(subscription=subscription)
        label = gettext("Emergency") if notice.is_emergency else notice.get_category_display()
        if subscription.channel == Channel.SMS:
            body = _notice_sms(notice, label, link, unsubscribe)
            return {"subject": "", "body": body, "unsubscribe_url": unsubscribe}
        lines = [notice.title, "", notice.body]
        if notice.event_at:
            when = official_datetime(notice.event_at)
            lines += ["", gettext("When: %(when)s") % {"when": when}]
        if notice.place:
            lines += [gettext("Where: %(place)s") % {"place": notice.place}]
        lines += [
            "",
            gettext("Read on the portal: %(url)s") % {"url": link},
            "",
            "--",
            gettext("You receive this because you subscribed to notices: %(categories)s.")
            % {
                "categories": ", ".join(
                    str(Notice.Category(c).label)
                    for c in subscription.categories
                    if c in Notice.Category.values
                )
            },
            gettext("Unsubscribe: %(url)s") % {"url": unsubscribe},
        ]
        subject = _notice_head(notice, label)
        return {"subject": subject, "body": "\n".join(lines), "unsubscribe_url": unsubscribe}


def _placeholder(length: int) -> str:
    """A token-shaped stand-in of the same length (the SMS is cut to fit by its length)."""
    return ("Qz7xK" * (length // 5 + 1))[:length]


def notice_messages(*, notice: Notice, subscriptions):
    """(subscription, text) for many subscribers: each text is built once per language,
    channel, categories and token length and only the token differs — the same texts as
    `notice_message`, about a hundred times cheaper for ten thousand subscribers."""
    built = {}
    for subscription in subscriptions:
        token = subscription.token
        key = (
            subscription.language,
            subscription.channel,
            tuple(subscription.categories or ()),
            len(token),
        )
        if key not in built:
            sample = Subscription(
                channel=subscription.channel,
                address="",
                language=subscription.language,
                categories=subscription.categories,
                token=_placeholder(len(token)),
            )
            built[key] = (sample.token, notice_message(notice=notice, subscription=sample))
        placeholder, text = built[key]
        yield subscription, {k: v.replace(placeholder, token) for k, v in text.items()}


def notice_telegram_text(*, notice: Notice) -> str:
    """The channel post: the notice in Kyrgyz with its link (Russian below when there is one)."""
    parts = []
    for language in ("ky", "ru"):
        with translation.override(language):
            title = getattr(notice, f"title_{language}", "") or ""
            if not title and language != "ky":
                continue
            label = gettext("Emergency") if notice.is_emergency else notice.get_category_display()
            body = getattr(notice, f"body_{language}", "") or ""
            link = absolute_url(path=notice.get_absolute_url())
            head = (
                f"{label}: {title}"
                if not title.casefold().startswith(str(label).casefold())
                else title
            )
            parts.append("\n\n".join(x for x in (head, body.strip(), link) if x))
    return "\n\n———\n\n".join(parts)


def notice_telegram_queue(*, notice: Notice):
    """Queue the notice's post to the Telegram channel once (None when Telegram is not set)."""
    if not telegram_configured():
        return None
    return message_queue(
        channel=OutboxMessage.Channel.TELEGRAM,
        recipient=settings.TELEGRAM_CHANNEL,
        subject="",
        body=notice_telegram_text(notice=notice),
        idempotency_key=f"notice:{notice.pk}:telegram",
        urgent=notice.is_emergency,
    )


def notice_notify_subscribers(*, notice_id: int, now=None) -> int:
    """Queue one message per confirmed subscriber of the notice's category; returns how many.

    Safe to run twice: the key `notice:<id>:sub:<subscription id>` makes one row each.
    A notice not yet visible (future publication date) is left for `notices_notify_due`.
    """
    notice = Notice.objects.visible(now).filter(pk=notice_id).first()
    if notice is None:
        return 0
    prefix = f"notice:{notice.pk}:sub:"
    done = set(
        OutboxMessage.objects.filter(idempotency_key__startswith=prefix).values_list(
            "idempotency_key", flat=True
        )
    )
    count = 0
    if notice_telegram_queue(notice=notice) is not None:
        count += 1
    fresh = (s for s in subscribers_for(notice=notice) if f"{prefix}{s.pk}" not in done)
    messages = []
    for subscription, text in notice_messages(notice=notice, subscriptions=fresh):
        messages.append(_notice_row(prefix, subscription, text))
        if len(messages) == NOTIFY_CHUNK:
            count += _notice_rows_queue(messages, notice)
            messages = []
    return count + _notice_rows_queue(messages, notice)


#: Rows written (one bulk INSERT, committed) and handed to the workers at a time: the first
#: thousand are on their way while the next are written (10 000 subscribers in a minute).
NOTIFY_CHUNK = 1000


def _notice_row(prefix: str, subscription: Subscription, text: dict) -> dict:
    return {
        "channel": subscription.channel,
        "recipient": subscription.address,
        "subject": text["subject"],
        "body": text["body"],
        "unsubscribe_url": text["unsubscribe_url"],
        "idempotency_key": f"{prefix}{subscription.pk}",
        "user": subscription.user,
        "language": subscription.language,
    }


def _notice_rows_queue(messages: list[dict], notice: Notice) -> int:
    if messages:
        messages_queue_bulk(messages=messages, urgent=notice.is_emergency)
    return len(messages)


def notices_notify_due(*, now=None) -> int:
    """Notify subscribers of notices that became visible during the last day (beat task).

    Covers notices published with a future `publish_at` and notifications cut short
    by a dying worker; subscribers already notified are skipped (same keys).
    """
    now = now or timezone.now()
    if not Subscription.objects.filter(confirmed_at__isnull=False).exists():
        return 0
    notices = (
        Notice.objects.visible(now)
        .filter(publish_at__gt=now - timezone.timedelta(days=1))
        .values_list("pk", flat=True)
    )
    return sum(notice_notify_subscribers(notice_id=pk, now=now) for pk in notices)
