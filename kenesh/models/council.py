"""The community charter, the deputies and the standing commissions."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipality.models import TimeStampedModel


class Charter(models.Model):
    """The community charter (Жергиликтүү коомчулуктун Уставы): one row, kept by the secretary.

    Its own number of signatures for a people's initiative replaces the setting's default.
    """

    number = models.CharField(_("charter number"), max_length=50, blank=True)
    adopted_on = models.DateField(_("charter date"), null=True, blank=True)
    signature_threshold = models.PositiveIntegerField(
        _("signatures a people's initiative needs"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("community charter")
        verbose_name_plural = _("community charter")

    def __str__(self):
        return f"{self.number} {self.adopted_on or ''}".strip()


class Deputy(TimeStampedModel):
    """An elected deputy (депутат) of the kenesh for a term."""

    full_name = models.CharField(_("full name"), max_length=200)
    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    constituency = models.CharField(_("constituency"), max_length=200, blank=True)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")

    def __str__(self):
        return self.full_name

    def in_office(self, day: datetime.date) -> bool:
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


class Commission(models.Model):
    """A standing commission (туруктуу комиссия) of the kenesh."""

    name = models.CharField(_("name"), max_length=300)
    chair = models.ForeignKey(
        Deputy,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.ManyToManyField(Deputy, verbose_name=_("members"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("standing commission")
        verbose_name_plural = _("standing commissions")

    def __str__(self):
        return self.name
