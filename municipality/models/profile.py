from django.db import models
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedImageField


class Municipality(models.Model):
    """The one ayil okmotu this portal serves (a single row)."""

    name = models.CharField(_("name"), max_length=200)
    ayil_aimak = models.CharField(_("ayil aimak"), max_length=200)
    district = models.CharField(_("district"), max_length=200)
    oblast = models.CharField(_("oblast"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    head_name = models.CharField(_("head's name"), max_length=200, blank=True)
    head_title = models.CharField(_("head's title"), max_length=200, blank=True)
    logo = ProtectedImageField(_("logo"), blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipality")

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        return cls.objects.first()


class Village(models.Model):
    """A village or settlement (айыл, калктуу конуш) of the municipality."""

    name = models.CharField(_("name"), max_length=200)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self):
        return self.name
