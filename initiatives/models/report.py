"""Implementation reports of the winners and their photos."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedImageField
from municipality.limits import LONG_TEXT
from municipality.models import (
    TimeStampedModel,
)

from .application import Application


class ImplementationReport(TimeStampedModel):
    """A winner's progress or final report (отчет) with spending against the estimate."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        FINAL = "final", _("Final report")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PROGRESS)
    due_date = models.DateField(_("due date"))
    text = models.TextField(_("what was done"), **LONG_TEXT, blank=True)
    spending = models.JSONField(_("spending"), default=list, blank=True)
    #: Who came to the project's events (seed 003: 1 650 people, 360 men, 690 women).
    attendance = models.OneToOneField(
        "municipality.Attendance",
        verbose_name=_("attendance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiative_report",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.application}"

    @property
    def is_late(self) -> bool:
        return self.submitted_at is None and self.due_date < timezone.localdate()


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        ImplementationReport, on_delete=models.CASCADE, related_name="photos"
    )
    file = ProtectedImageField(_("photo"))

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.file.name
