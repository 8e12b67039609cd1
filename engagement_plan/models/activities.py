"""Activities of the plan in its three directions (4.8) and their photos."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField
from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel

from .plans import Plan


def _attendance_link(related_name: str):
    return models.OneToOneField(
        "municipality.Attendance",
        verbose_name=_("attendance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


class Activity(WorkflowModel, TimeStampedModel):
    """An activity (иш-чара) of the plan in one of the three directions of 4.8."""

    class Direction(models.TextChoices):
        INFORMING = "informing", _("Informing")
        ENGAGING = "engaging", _("Engaging")
        COLLECTING = "collecting", _("Collecting information")

    class Form(models.TextChoices):
        GATHERING = "gathering", _("Gathering of community members")
        PUBLIC_HEARING = "public_hearing", _("Public hearing")
        BUDGET_HEARING = "budget_hearing", _("Public budget hearing")
        LOCAL_INITIATIVE = "local_initiative", _("Local initiative")
        TPSG = "tpsg", _("Territorial public self-government")
        NORM_MAKING = "norm_making", _("Norm-making initiative")
        KURULTAI = "kurultai", _("Kurultai")
        SEDP = "sedp", _("Participation in the SEDP")
        ONLINE = "online", _("E-petition, online vote or feedback platform")
        OTHER = "other", _("Other form")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.PLANNED: {Status.IN_PROGRESS, Status.DONE, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.DONE, Status.CANCELLED},
    }
    TRANSITION_ERROR = _("An activity in status %(status)s cannot move to %(to)s.")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), **LONG_TEXT, blank=True)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction)
    form = models.CharField(_("form of participation"), max_length=30, choices=Form)
    local_issues = models.ManyToManyField(
        "municipality.LocalIssue", verbose_name=_("local issues"), blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=300, blank=True)
    periodicity = models.CharField(_("periodicity"), max_length=200, blank=True)
    responsible = models.CharField(_("responsible person"), max_length=200)
    resources = models.CharField(_("resources"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PLANNED, db_index=True
    )
    cancel_reason = models.TextField(_("reason for cancelling"), **LONG_TEXT, blank=True)
    # Evidence that it happened.
    held_on = models.DateField(_("held on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    result = models.TextField(_("short result"), **LONG_TEXT, blank=True)
    attendance = _attendance_link("plan_activity")

    class Meta:
        ordering = ["direction", "deadline", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title

    @property
    def has_evidence(self) -> bool:
        return self.held_on is not None

    @property
    def is_overdue(self) -> bool:
        """The deadline passed, nothing was held and the plan is being carried out (as the
        office's overdue reminder counts it); the plan page marks it."""
        return bool(
            self.deadline
            and self.deadline < timezone.localdate()
            and self.held_on is None
            and self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)
            and self.plan.status
            in (Plan.Status.APPROVED, Plan.Status.IN_FORCE, Plan.Status.REVISED)
        )


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    file = ProtectedFileField(_("photo"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.file.name
