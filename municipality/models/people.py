"""The register of people (жашоочулар): residents known to the office, with or without an account.

Most villagers never open an account: the clerk enters them when they bring a paper, sign a
sheet at a gathering or take part in a survey, with their recorded consent. A person who
later signs up can claim their record, so their paper history joins their account.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


def name_key(full_name: str) -> str:
    """The name as searched and compared: case-folded, single spaces (Cyrillic too)."""
    return " ".join((full_name or "").casefold().split())


class Person(TimeStampedModel):
    """One person in the register; personal data, seen by the office only."""

    class Sex(models.TextChoices):
        FEMALE = "f", _("Female")
        MALE = "m", _("Male")

    class Consent(models.TextChoices):
        WRITTEN = "written", _("In writing (signed)")
        ORAL = "oral", _("Orally at the office, noted by the clerk")

    full_name = models.CharField(_("full name"), max_length=200)
    # Filled by the service from full_name: searching and finding duplicates in any case.
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    consent = models.CharField(_("consent to storing the data"), max_length=10, choices=Consent)
    consent_at = models.DateTimeField(_("consent recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        ordering = ["name_key", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("register of people")
        indexes = [models.Index(fields=["name_key", "birth_year", "village"])]

    def __str__(self):
        return self.full_name
