"""The annual report to the population (ЖӨБОнын калк астындагы отчету)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel

from ._fields import document_field
from .gatherings import Gathering
from .priorities import Priority


class AnnualReport(WorkflowModel, TimeStampedModel):
    """The LSG body's annual report to the population (ЖӨБОнын калк астындагы отчету)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    TRANSITIONS = {Status.DRAFT: {Status.PUBLISHED}}
    TRANSITION_ERROR = _("A report in status %(status)s cannot move to %(to)s.")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    introduction = models.TextField(_("head's introduction"), **LONG_TEXT, blank=True)
    conclusions = models.TextField(_("conclusions"), **LONG_TEXT, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    #: The gathering at which the report was presented to the population.
    gathering = models.ForeignKey(
        Gathering,
        verbose_name=_("presented at the gathering"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annual_reports",
    )
    #: The priorities whose threads the report told the population about.
    priorities = models.ManyToManyField(Priority, blank=True, related_name="annual_reports")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    #: The Kyrgyz original; the Russian PDF is its translation copy with the same number.
    document = document_field()
    notice = models.ForeignKey(
        "municipality.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report to the population")
        verbose_name_plural = _("annual reports to the population")

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("community:report-detail", args=[self.year])
