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

from .notify import (
    NOTIFY_CHUNK,
    notice_message,
    notice_messages,
    notice_notify_subscribers,
    notice_send_estimate,
    notice_sms_text,
    notice_telegram_queue,
    notice_telegram_text,
    notices_notify_due,
)
from .requests import (
    CODE_ATTEMPTS,
    LANGUAGES,
    address_normalize,
    phone_normalize,
    subscribers_for,
    subscription_by_token,
    subscription_cancel,
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe_url,
    subscription_update,
)

__all__ = [
    "CODE_ATTEMPTS",
    "LANGUAGES",
    "NOTIFY_CHUNK",
    "address_normalize",
    "notice_message",
    "notice_messages",
    "notice_notify_subscribers",
    "notice_send_estimate",
    "notice_sms_text",
    "notice_telegram_queue",
    "notice_telegram_text",
    "notices_notify_due",
    "phone_normalize",
    "subscribers_for",
    "subscription_by_token",
    "subscription_cancel",
    "subscription_confirm",
    "subscription_request",
    "subscription_unsubscribe_url",
    "subscription_update",
]
