"""The register of resolutions (токтомдор)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField
from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel

from .sessions import Decision, Session


class Resolution(WorkflowModel, TimeStampedModel):
    """An entry of the register of resolutions (токтомдор): number, date, vote, text, PDF."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not published yet")
        PUBLISHED = "published", _("Published")

    TRANSITIONS = {Status.DRAFT: {Status.PUBLISHED}}
    TRANSITION_ERROR = _("A resolution in status %(status)s cannot move to %(to)s.")

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="resolution"
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="resolutions"
    )
    number = models.CharField(_("resolution number"), max_length=50, blank=True)
    adopted_on = models.DateField(_("resolution date"))
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), **LONG_TEXT)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    document = models.ForeignKey(
        "municipality.OfficialDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notice = models.ForeignKey(
        "municipality.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The Russian translation copy of `document` (same number), stored once it is rendered.
    pdf_ru = ProtectedFileField(_("PDF in Russian (translation copy)"), blank=True)
    pdf_ru_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["-adopted_on", "-pk"]
        # The public register: published ones, newest first.
        indexes = [
            models.Index(
                "status", F("adopted_on").desc(), F("id").desc(), name="resolution_newest"
            )
        ]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self):
        return f"№ {self.number} {self.adopted_on:%d.%m.%Y} {self.title}"

    def get_absolute_url(self):
        return reverse("kenesh:resolution-detail", args=[self.pk])

    @property
    def publish_by(self) -> datetime.date:
        return self.adopted_on + datetime.timedelta(days=settings.KENESH_RESOLUTION_PUBLISH_DAYS)
