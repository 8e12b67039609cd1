from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField

from .base import TimeStampedModel
from .workflow import WorkflowModel


class OfficialDocument(WorkflowModel, TimeStampedModel):
    """An official document (расмий документ): numbered per kind and year, never edited."""

    class Kind(models.TextChoices):
        ORDER = "order", _("Order (буйрук)")
        PROTOCOL = "protocol", _("Protocol (протокол)")
        RESOLUTION = "resolution", _("Resolution (токтом)")
        AGREEMENT = "agreement", _("Agreement (макулдашуу)")
        TERMS = "terms", _("Terms of reference (техникалык тапшырма)")
        POSTER = "poster", _("Poster (жарыя)")
        REPORT = "report", _("Report (отчет)")
        PLAN = "plan", _("Plan (план)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        ISSUED = "issued", _("Issued")
        FAILED = "failed", _("Failed")

    # Rendering issues or fails a pending document; a failed one may be rendered again.
    TRANSITIONS = {Status.PENDING: {Status.ISSUED, Status.FAILED}, Status.FAILED: {Status.PENDING}}
    TRANSITION_ERROR = _("A document in status %(status)s cannot move to %(to)s.")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # The issuing body's register: "" is the ayil okmotu's own; protocols of the contest
    # commission, of the hearings and of each monitoring group are numbered apart.
    register = models.CharField(_("register"), max_length=40, blank=True, default="")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=500)
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, default="ky")
    template_name = models.CharField(max_length=200, blank=True)
    # The object the document belongs to (a plan, a contest, a hearing, a protocol…).
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    error = models.TextField(_("error"), blank=True)
    file = ProtectedFileField(_("PDF file"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    # An order signed on paper and registered afterwards: the PDF is the scan.
    on_paper = models.BooleanField(_("signed on paper"), default=False)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "register", "year", "number", "version"],
                name="document_number_per_register_unique",
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return f"{self.get_kind_display()} № {self.number} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("municipality:document-detail", args=[self.pk])

    @property
    def is_served(self) -> bool:
        """Its PDF can be downloaded: issued and rendered (a link before that would 404)."""
        return self.status == self.Status.ISSUED and bool(self.file)

    @property
    def download_name(self) -> str:
        return f"{self.kind}-{self.year}-{self.number}-v{self.version}.pdf"


class DocumentCounter(models.Model):
    """The last number given for a kind in a year; locked row by row to avoid gaps."""

    kind = models.CharField(max_length=20, choices=OfficialDocument.Kind)
    register = models.CharField(max_length=40, blank=True, default="")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "register", "year"], name="document_counter_per_register_unique"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.register} {self.year}: {self.last_number}"
