from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField
from municipality.limits import LONG_TEXT

from .base import TimeStampedModel
from .workflow import WorkflowModel


class NoticeQuerySet(models.QuerySet):
    def visible(self, now=None):
        """Published, already due and not yet expired: what a visitor may see."""
        now = now or timezone.now()
        return self.filter(status=Notice.Status.PUBLISHED, publish_at__lte=now).filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=now)
        )

    def board_order(self):
        """Emergency notices pinned on top, then newest first (read in this order from the
        index `notice_board_order`, so ten years of notices cost what one year costs)."""
        return self.order_by("-pinned", "-publish_at", "-pk")


class Notice(WorkflowModel, TimeStampedModel):
    """A notice on the public board (жарыя)."""

    class Category(models.TextChoices):
        GENERAL = "general", _("General")
        EMERGENCY = "emergency", _("Emergency")
        CONTEST = "contest", _("Contest")
        HEARING = "hearing", _("Hearing")
        PLAN = "plan", _("Plan")
        MONITORING = "monitoring", _("Monitoring")
        KENESH = "kenesh", _("Kenesh session")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    TRANSITIONS = {Status.DRAFT: {Status.PUBLISHED}}
    TRANSITION_ERROR = _("A notice in status %(status)s cannot move to %(to)s.")

    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), **LONG_TEXT)
    category = models.CharField(
        _("category"), max_length=20, choices=Category, default=Category.GENERAL, db_index=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), default=timezone.now, db_index=True)
    expire_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    event_at = models.DateTimeField(_("event date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The object the notice announces (a contest, a hearing, a plan, a protocol…).
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # 1 for an emergency notice (pinned on top of the board), else 0: computed by the
    # database from the category, so the board's order can be read from an index.
    pinned = models.GeneratedField(
        expression=models.Case(
            models.When(category="emergency", then=models.Value(1)),
            default=models.Value(0),
        ),
        output_field=models.IntegerField(),
        db_persist=True,
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            # The board (visible notices, emergency first, newest first) and its count.
            models.Index(
                "status",
                models.F("pinned").desc(),
                models.F("publish_at").desc(),
                models.F("id").desc(),
                "expire_at",
                name="notice_board_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("municipality:notice-detail", args=[self.pk])

    @property
    def is_emergency(self) -> bool:
        return self.category == self.Category.EMERGENCY

    @property
    def board_state(self) -> str:
        """draft, scheduled, expired or visible: where the notice stands for a visitor now."""
        now = timezone.now()
        if self.status != self.Status.PUBLISHED:
            return "draft"
        if self.publish_at and self.publish_at > now:
            return "scheduled"
        if self.expire_at and self.expire_at <= now:
            return "expired"
        return "visible"

    @property
    def board_state_label(self) -> str:
        return {
            "draft": _("Draft"),
            "scheduled": _("Scheduled"),
            "expired": _("Expired"),
            "visible": _("On the board"),
        }[self.board_state]


class NoticeAttachment(models.Model):
    """A file attached to a notice; PDF, JPEG or PNG, checked by content."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = ProtectedFileField(_("file"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.file.name
