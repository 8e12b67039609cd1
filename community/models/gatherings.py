"""Gatherings of the village and kurultai (айылдык жыйын, курултай) as events."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel

from ._fields import attendance_field, document_field


class Gathering(WorkflowModel, TimeStampedModel):
    """A gathering of the village (айылдык жыйын) or a kurultai (курултай) as an event."""

    class Kind(models.TextChoices):
        GATHERING = "gathering", _("Village gathering")
        KURULTAI = "kurultai", _("Kurultai")
        #: the public discussion of the draft engagement plan (seed 004, 4.9)
        PLAN_DISCUSSION = "plan_discussion", _("Public discussion of the engagement plan")

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {Status.ANNOUNCED: {Status.HELD, Status.CANCELLED}}
    TRANSITION_ERROR = _("A gathering in status %(status)s cannot move to %(to)s.")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.GATHERING)
    title = models.CharField(_("title"), max_length=300)
    agenda = models.TextField(_("agenda"), **LONG_TEXT)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.ANNOUNCED, db_index=True
    )
    minutes = models.TextField(_("minutes"), **LONG_TEXT, blank=True)
    decisions = models.TextField(_("decisions"), **LONG_TEXT, blank=True)
    chair_name = models.CharField(_("chaired by"), max_length=200, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attendance = attendance_field("community_gathering")
    notice = models.ForeignKey(
        "municipality.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    document = document_field()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(F("starts_at").desc(), F("id").desc(), name="gathering_newest")]
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:gathering-detail", args=[self.pk])

    @property
    def attendance_source(self) -> str:
        """What the kernel's attendance row is counted under on the participation page: the
        plan's discussion gatherings keep the source they had before they became
        community gatherings (issue 18)."""
        if self.kind == self.Kind.PLAN_DISCUSSION:
            return "engagement_plan.gathering"
        return "community.gathering"
