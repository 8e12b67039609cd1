"""Needs assessment meetings (ЭКБА) in the villages."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel

from ._fields import attendance_field


class Assessment(TimeStampedModel):
    """One needs assessment meeting (ЭКБА) in a village: problems named and ranked."""

    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("By consensus")
        VOTE = "vote", _("By vote")

    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    situation = models.TextField(_("the situation studied"), **LONG_TEXT, blank=True)
    method = models.CharField(
        _("how the ranking was agreed"), max_length=20, choices=Method, default=Method.CONSENSUS
    )
    deputies_present = models.TextField(
        _("kenesh deputies present"), **LONG_TEXT, blank=True, help_text=_("One name a line.")
    )
    staff_present = models.TextField(
        _("ayil okmotu staff present"), **LONG_TEXT, blank=True, help_text=_("One name a line.")
    )
    attendance = attendance_field("community_assessment")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(F("held_on").desc(), F("id").desc(), name="assessment_newest")]
        verbose_name = _("needs assessment meeting")
        verbose_name_plural = _("needs assessment meetings")

    def __str__(self):
        return f"{self.village} — {self.held_on:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("community:assessment-detail", args=[self.pk])

    @staticmethod
    def _names(text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    @property
    def deputies(self) -> list[str]:
        return self._names(self.deputies_present)

    @property
    def staff(self) -> list[str]:
        return self._names(self.staff_present)
