"""The priority register (артыкчылыктуу маселелер)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel


class PriorityQuerySet(models.QuerySet):
    def public(self):
        return self.all()


class Priority(WorkflowModel, TimeStampedModel):
    """An entry of the municipality's priority register (артыкчылыктуу маселелер)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    TRANSITIONS = {Status.OPEN: {Status.CLOSED}, Status.CLOSED: {Status.OPEN}}
    TRANSITION_ERROR = _("A priority in status %(status)s cannot move to %(to)s.")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), **LONG_TEXT, blank=True)
    #: None: "other / outside the competence of local self-government".
    local_issue = models.ForeignKey(
        "municipality.LocalIssue",
        verbose_name=_("issue of local significance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    villages = models.ManyToManyField(
        "municipality.Village", verbose_name=_("villages that raised it"), related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.OPEN, db_index=True
    )
    close_reason = models.TextField(_("reason for closing"), **LONG_TEXT, blank=True)

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["rank", "pk"]
        indexes = [models.Index(fields=["rank", "id"], name="priority_rank")]
        verbose_name = _("priority")
        verbose_name_plural = _("priority register")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:priority-detail", args=[self.pk])
