from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT


class LocalIssueReference(models.Model):
    """An item of the legal list of issues of local significance (Law No. 123, art. 27)."""

    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("title"))
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["number"]
        # An item taken off by a newer version of the list keeps its number (records point at it).
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=models.Q(is_active=True),
                name="local_issue_reference_number_in_force",
            )
        ]
        verbose_name = _("legal list item")
        verbose_name_plural = _("legal list of local issues")

    def __str__(self):
        return f"{self.number}. {self.title}"


class LocalIssue(models.Model):
    """The municipality's own entry on its list, drawn from the legal list (or 'other')."""

    reference = models.ForeignKey(
        LocalIssueReference,
        verbose_name=_("legal list item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_issues",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), **LONG_TEXT, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=3)
    is_active = models.BooleanField(_("on the list"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["priority", "title"]
        verbose_name = _("local issue")
        verbose_name_plural = _("local issues")

    def __str__(self):
        return self.title


class LocalIssueList(models.Model):
    """One publication of the list; the newest one dates the list (seed 004, 2.5)."""

    published_at = models.DateTimeField(_("published"), auto_now_add=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), **LONG_TEXT, blank=True)
    #: The list as published (one dict per entry, both languages); the public page shows it,
    #: so edits stay a draft until the next publication. Null for publications made before.
    items = models.JSONField(_("published entries"), null=True, blank=True, editable=False)
    notice = models.ForeignKey(
        "municipality.Notice",
        verbose_name=_("notice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        verbose_name = _("publication of the list")
        verbose_name_plural = _("publications of the list")

    def __str__(self):
        return f"{self.published_at:%Y-%m-%d}"


class LegalListVersion(models.Model):
    """A new version of the legal list loaded by an administrator, applied once confirmed."""

    source = models.CharField(_("source"), max_length=300)
    source_ru = models.CharField(_("source in Russian"), max_length=300, blank=True)
    #: [{"number": 1, "title_ky": "...", "title_ru": "..."}, ...] as read from the file.
    items = models.JSONField(_("items"), editable=False)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("version of the legal list")
        verbose_name_plural = _("versions of the legal list")

    def __str__(self):
        return self.source
