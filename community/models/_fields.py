"""Field helpers shared by the community models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def attendance_field(related_name):
    # A named reverse relation: the kernel's yearly totals find meetings through it.
    return models.OneToOneField(
        "municipality.Attendance",
        verbose_name=_("attendance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


def document_field(related_name="+"):
    return models.ForeignKey(
        "municipality.OfficialDocument",
        verbose_name=_("PDF"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )
