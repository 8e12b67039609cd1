"""One version of the plan (4.6–4.11) and the statuses residents may read."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel

from .working_groups import WorkingGroup


class Plan(WorkflowModel, TimeStampedModel):
    """One version of the engagement plan for a period of years."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DISCUSSION = "discussion", _("Public discussion")
        APPROVED = "approved", _("Approved")
        IN_FORCE = "in_force", _("In force")
        REVISED = "revised", _("Under revision")
        ARCHIVED = "archived", _("Archived")

    TRANSITIONS = {
        Status.DRAFT: {Status.DISCUSSION},
        Status.DISCUSSION: {Status.DRAFT, Status.APPROVED},
        Status.APPROVED: {Status.IN_FORCE},
        Status.IN_FORCE: {Status.REVISED, Status.ARCHIVED},
        Status.REVISED: {Status.ARCHIVED},
    }
    TRANSITION_ERROR = _("A plan in status %(status)s cannot move to %(to)s.")

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), **LONG_TEXT, blank=True)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    local_issues = models.ManyToManyField(
        "municipality.LocalIssue", verbose_name=_("local issues"), blank=True, related_name="+"
    )
    sedp_reference = models.TextField(
        _("socio-economic development programme (SEDP)"), **LONG_TEXT, blank=True
    )
    sectoral_programmes = models.TextField(_("sectoral programmes"), **LONG_TEXT, blank=True)
    #: The inputs of 4.6 picked from the community's priority register (steps 1 → 3 of the
    #: cycle); the register's thread page lists the plans that took a priority up.
    assessment_priorities = models.ManyToManyField(
        "community.Priority",
        verbose_name=_("priorities from the needs assessment"),
        blank=True,
        related_name="plans",
    )
    needs_priorities = models.TextField(
        _("other notes on the needs assessment priorities"), **LONG_TEXT, blank=True
    )
    monitoring_results = models.TextField(
        _("results of monitoring and evaluation"), **LONG_TEXT, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
    )
    revision_reason = models.TextField(_("reason for the revision"), **LONG_TEXT, blank=True)
    approval_order = models.ForeignKey(
        "municipality.OfficialDocument",
        verbose_name=_("approval order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    plan_document = models.ForeignKey(
        "municipality.OfficialDocument",
        verbose_name=_("plan document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The village gatherings that discussed the draft (4.9): community gatherings of the
    #: kind "public discussion of the plan", with their attendance and decisions.
    gatherings = models.ManyToManyField(
        "community.Gathering",
        verbose_name=_("village gatherings"),
        blank=True,
        related_name="plans",
    )
    #: The community gathering announced when the discussion opened; recording the
    #: gathering holds this one (and links it to `gatherings`).
    announced_gathering = models.ForeignKey(
        "community.Gathering",
        verbose_name=_("announced gathering"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    discussion_opened_at = models.DateTimeField(_("discussion opened"), null=True, blank=True)
    gathering_at = models.DateTimeField(_("announced gathering"), null=True, blank=True)
    gathering_place = models.CharField(_("place of the gathering"), max_length=300, blank=True)
    comments_until = models.DateField(_("comments accepted until"), null=True, blank=True)
    approval_justification = models.TextField(
        _("justification for approving with open points"), **LONG_TEXT, blank=True
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    in_force_at = models.DateTimeField(_("in force since"), null=True, blank=True)
    revised_at = models.DateTimeField(_("revised"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-period_start", "-version", "-pk"]
        verbose_name = _("engagement plan")
        verbose_name_plural = _("engagement plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_in_order",
            ),
        ]

    def __str__(self):
        return _("%(title)s (%(period)s, version %(version)s)") % {
            "title": self.title,
            "period": self.period,
            "version": self.version,
        }

    def get_absolute_url(self):
        return reverse("engagement_plan:plan-detail", args=[self.pk])

    @property
    def period(self) -> str:
        return f"{self.period_start}–{self.period_end}"


#: The versions residents may read: from the public discussion on (drafts are the office's).
PUBLIC_STATUSES = (
    Plan.Status.DISCUSSION,
    Plan.Status.APPROVED,
    Plan.Status.IN_FORCE,
    Plan.Status.REVISED,
    Plan.Status.ARCHIVED,
)
