"""Electronic petitions (электрондук петиция) to the ayil okmotu."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel


class Petition(WorkflowModel, TimeStampedModel):
    """An electronic petition (электрондук петиция) to the ayil okmotu."""

    class Status(models.TextChoices):
        OPEN = "open", _("Collecting support")
        ANSWERED = "answered", _("Answered")

    TRANSITIONS = {Status.OPEN: {Status.ANSWERED}}
    TRANSITION_ERROR = _("A petition in status %(status)s cannot move to %(to)s.")

    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("petition"), **LONG_TEXT)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.OPEN, db_index=True
    )
    threshold_reached_at = models.DateTimeField(_("enough supporters"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("answer of the ayil okmotu"), **LONG_TEXT, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(F("created_at").desc(), F("id").desc(), name="petition_newest")]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("kenesh:petition-detail", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.OPEN
            and self.answer_due is not None
            and today > self.answer_due
        )
