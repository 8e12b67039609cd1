"""Notifying subscribers of a notice: the texts per channel and language, the send estimate
shown before publishing, and the queued messages (a thousand at a time)."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from municipality.dates import official_datetime
from municipality.models import Notice, OutboxMessage, Subscription
from municipality.sms import sms_segments
from municipality.telegram import telegram_configured

from ..outbox import absolute_url, message_queue, messages_queue_bulk
from .requests import subscribers_for, subscription_unsubscribe_url

Channel = Subscription.Channel


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
