"""The people's norm-making initiative (ченем жаратуу (элдик) демилгеси)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField
from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel


class Initiative(WorkflowModel, TimeStampedModel):
    """A people's norm-making initiative: a draft act filed by an initiative group."""

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        REFUSED = "refused", _("Refused registration")
        COLLECTING = "collecting", _("Collecting signatures")
        EXPIRED = "expired", _("Not enough signatures")
        ON_AGENDA = "on_agenda", _("On the kenesh agenda")
        ADOPTED = "adopted", _("Adopted by the kenesh")
        REJECTED = "rejected", _("Rejected by the kenesh")

    class RefusalReason(models.TextChoices):
        NOT_LOCAL = "not_local", _("Not a matter of local significance")
        INCOMPLETE = "incomplete", _("The documents are incomplete")

    TRANSITIONS = {
        Status.FILED: {Status.COLLECTING, Status.REFUSED},
        Status.COLLECTING: {Status.ON_AGENDA, Status.EXPIRED},
        Status.ON_AGENDA: {Status.ADOPTED, Status.REJECTED},
    }
    TRANSITION_ERROR = _("An initiative in status %(status)s cannot move to %(to)s.")

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("what the act changes and why"), **LONG_TEXT)
    draft_text = models.TextField(_("draft act"), **LONG_TEXT)
    draft_file = ProtectedFileField(_("draft act (file)"), blank=True)
    initiators = models.TextField(
        _("initiators (names, one a line)"), **LONG_TEXT, help_text=_("One name a line.")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.FILED, db_index=True
    )
    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=20, choices=RefusalReason, blank=True
    )
    refusal_note = models.TextField(_("explanation"), **LONG_TEXT, blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    signing_ends = models.DateField(_("signatures collected until"), null=True, blank=True)
    #: The number needed, fixed when the initiative is registered (charter or setting).
    threshold = models.PositiveIntegerField(_("signatures needed"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), **LONG_TEXT, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(F("created_at").desc(), F("id").desc(), name="initiative_newest")]
        verbose_name = _("people's initiative")
        verbose_name_plural = _("people's initiatives")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("kenesh:initiative-detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.FILED

    def signing_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.COLLECTING
            and self.signing_ends is not None
            and today <= self.signing_ends
        )

    def initiator_names(self) -> list[str]:
        return [line.strip() for line in self.initiators.splitlines() if line.strip()]
