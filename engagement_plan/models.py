"""The Typical Plan for involving the local community (seed 004).

A working group (4.1–4.4) drafts a plan (4.6–4.8) of activities in three
directions; the draft is discussed at a village gathering (4.9), approved by
the head's order (4.10) and revised at most once a year (4.11).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField
from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel


class Sex(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class WorkingGroup(WorkflowModel, TimeStampedModel):
    """The working group (жумушчу топ) that drafts the plan, approved by order (4.2)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being formed")
        APPROVED = "approved", _("Approved by order")

    TRANSITIONS = {Status.DRAFT: {Status.APPROVED}}
    TRANSITION_ERROR = _("A working group in status %(status)s cannot move to %(to)s.")

    title = models.CharField(_("title"), max_length=300)
    head_name = models.CharField(
        _("head of the group"),
        max_length=200,
        help_text=_("The head of the LSG body heads the group (4.1)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    justification = models.TextField(
        _("justification for departing from a recommendation"), **LONG_TEXT, blank=True
    )
    order = models.ForeignKey(
        "municipality.OfficialDocument",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.title


def sort_members(members) -> list:
    """LSG representatives first, then kenesh deputies, then the community (4.3's order)."""
    order = {value: index for index, value in enumerate(WorkingGroupMember.Category.values)}
    return sorted(members, key=lambda m: (order.get(m.category, 9), m.pk or 0))


class WorkingGroupMember(models.Model):
    class Category(models.TextChoices):
        LSG = "lsg", _("LSG body representative")
        KENESH = "kenesh", _("Kenesh deputy")
        COMMUNITY = "community", _("Community representative")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position or occupation"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex)
    is_ethnic_minority = models.BooleanField(_("ethnic minority"), default=False)
    is_disabled = models.BooleanField(_("person with disabilities"), default=False)
    is_youth = models.BooleanField(_("youth"), default=False)
    is_other_social_group = models.BooleanField(_("other social group"), default=False)

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")

    def __str__(self):
        return self.full_name

    @property
    def represents_social_group(self) -> bool:
        return (
            self.is_ethnic_minority
            or self.is_disabled
            or self.is_youth
            or self.is_other_social_group
        )


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


class Comment(models.Model):
    """A resident's comment on a plan under public discussion, and the answer to it."""

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper, at the gathering")

    class Answer(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        ACCEPTED = "accepted", _("Taken into account")
        REJECTED = "rejected", _("Not taken into account")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("author's name"), max_length=200, blank=True)
    person = models.ForeignKey(
        "municipality.Person",
        verbose_name=_("person (register of people)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_comments",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source, default=Source.ONLINE)
    text = models.TextField(_("comment"), **LONG_TEXT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer, default=Answer.PENDING)
    answer_text = models.TextField(_("answer and reason"), **LONG_TEXT, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:60]

    @property
    def display_author(self) -> str:
        return self.author_name or (self.author.full_name if self.author else "")
