import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class OutboxChannel(models.TextChoices):
    """Where an outbox row goes: a subscriber's channel, or the municipality's Telegram channel."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    TELEGRAM = "telegram", _("Telegram")


class OutboxMessage(TimeStampedModel):
    """A message written down before anything is sent; the sender works from these rows."""

    Channel = OutboxChannel

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        # Claimed by one worker, which is talking to the gateway right now.
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=10, choices=OutboxChannel)
    recipient = models.CharField(_("recipient"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    language = models.CharField(_("language"), max_length=5, default="ky")
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Set when a worker claims the row; a row left in SENDING past a timeout is re-queued.
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    # Where the recipient stops these messages (List-Unsubscribe for e-mail).
    unsubscribe_url = models.CharField(_("unsubscribe link"), max_length=500, blank=True)
    # Emergency notices: sent even when the day's SMS budget (SMS_DAILY_BUDGET) is spent.
    urgent = models.BooleanField(_("urgent"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outbox")
        indexes = [
            # The office list, newest first, without sorting half a million rows.
            models.Index(
                models.F("created_at").desc(), models.F("id").desc(), name="outbox_newest"
            ),
            # SMS sent today (the daily budget) and SMS held: few rows of one status.
            models.Index(fields=["status", "channel", "sent_at"], name="outbox_status_channel"),
        ]

    def __str__(self):
        return f"{self.channel} → {self.recipient}: {self.subject or self.body[:40]}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscription(TimeStampedModel):
    """Notices of some categories, sent to an e-mail address or a phone in one language."""

    Channel = Channel

    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    address = models.CharField(_("e-mail or phone"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    categories = models.JSONField(_("categories"), default=list)
    language = models.CharField(_("language"), max_length=5, default="ky")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    # A phone is confirmed with a code sent by SMS; only its keyed hash is stored.
    confirm_code_hash = models.CharField(max_length=128, blank=True)
    confirm_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="subscription_unique"),
        ]

    def __str__(self):
        return f"{self.channel}: {self.address}"
