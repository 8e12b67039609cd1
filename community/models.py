"""Steps 1, 2 and 8 of seed 000's cycle: the village's voice and the report back.

Gatherings and kurultai (айылдык жыйын, курултай) are announced and then held with
minutes, attendance and decisions. Needs assessment meetings (ЭКБА) in each village
name problems and rank them; the problems feed the priority register (артыкчылыктуу
маселелер), whose entries are followed through the eight steps of the cycle by the
links to the other apps kept here (community → other apps, never the reverse).
Initiative groups (демилгелүү топтор) form per priority, and the annual report to the
population (ЖӨБОнын калк астындагы отчету) is compiled from the year's records.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel


def _attendance(related_name):
    # A named reverse relation: the kernel's yearly totals find meetings through it.
    return models.OneToOneField(
        "municipality.Attendance",
        verbose_name=_("attendance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


def _document(related_name="+"):
    return models.ForeignKey(
        "municipality.OfficialDocument",
        verbose_name=_("PDF"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


class Gathering(WorkflowModel, TimeStampedModel):
    """A gathering of the village (айылдык жыйын) or a kurultai (курултай) as an event."""

    class Kind(models.TextChoices):
        GATHERING = "gathering", _("Village gathering")
        KURULTAI = "kurultai", _("Kurultai")
        #: the public discussion of the draft engagement plan (seed 004, 4.9)
        PLAN_DISCUSSION = "plan_discussion", _("Public discussion of the engagement plan")

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {Status.ANNOUNCED: {Status.HELD, Status.CANCELLED}}
    TRANSITION_ERROR = _("A gathering in status %(status)s cannot move to %(to)s.")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.GATHERING)
    title = models.CharField(_("title"), max_length=300)
    agenda = models.TextField(_("agenda"), **LONG_TEXT)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.ANNOUNCED, db_index=True
    )
    minutes = models.TextField(_("minutes"), **LONG_TEXT, blank=True)
    decisions = models.TextField(_("decisions"), **LONG_TEXT, blank=True)
    chair_name = models.CharField(_("chaired by"), max_length=200, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attendance = _attendance("community_gathering")
    notice = models.ForeignKey(
        "municipality.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    document = _document()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:gathering-detail", args=[self.pk])


class Assessment(TimeStampedModel):
    """One needs assessment meeting (ЭКБА) in a village: problems named and ranked."""

    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("By consensus")
        VOTE = "vote", _("By vote")

    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    situation = models.TextField(_("the situation studied"), **LONG_TEXT, blank=True)
    method = models.CharField(
        _("how the ranking was agreed"), max_length=20, choices=Method, default=Method.CONSENSUS
    )
    deputies_present = models.TextField(
        _("kenesh deputies present"), **LONG_TEXT, blank=True, help_text=_("One name a line.")
    )
    staff_present = models.TextField(
        _("ayil okmotu staff present"), **LONG_TEXT, blank=True, help_text=_("One name a line.")
    )
    attendance = _attendance("community_assessment")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("needs assessment meeting")
        verbose_name_plural = _("needs assessment meetings")

    def __str__(self):
        return f"{self.village} — {self.held_on:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("community:assessment-detail", args=[self.pk])

    @staticmethod
    def _names(text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    @property
    def deputies(self) -> list[str]:
        return self._names(self.deputies_present)

    @property
    def staff(self) -> list[str]:
        return self._names(self.staff_present)


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
        verbose_name = _("priority")
        verbose_name_plural = _("priority register")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:priority-detail", args=[self.pk])


class Problem(models.Model):
    """A problem named at an assessment meeting, with its causes, consequences and rank.

    Two problems of one meeting may share a rank: a tie is recorded as a tie.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="problems")
    title = models.CharField(_("problem"), max_length=300)
    causes = models.TextField(_("causes"), **LONG_TEXT, blank=True)
    consequences = models.TextField(_("consequences"), **LONG_TEXT, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"))
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    priority = models.ForeignKey(
        Priority,
        verbose_name=_("priority in the register"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
    )

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self):
        return self.title


class PriorityLink(TimeStampedModel):
    """What another app did about a priority: exactly one of the targets is set."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="links")
    plan_activity = models.ForeignKey(
        "engagement_plan.Activity",
        verbose_name=_("plan activity"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    budget_line = models.ForeignKey(
        "budget.BudgetLine",
        verbose_name=_("budget line"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    application = models.ForeignKey(
        "initiatives.Application",
        verbose_name=_("contest project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    protocol = models.ForeignKey(
        "monitoring.Protocol",
        verbose_name=_("monitoring protocol"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    TARGETS = ("plan_activity", "budget_line", "application", "protocol")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("link of a priority")
        verbose_name_plural = _("links of priorities")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        plan_activity__isnull=False,
                        budget_line__isnull=True,
                        application__isnull=True,
                        protocol__isnull=True,
                    )
                    | models.Q(
                        plan_activity__isnull=True,
                        budget_line__isnull=False,
                        application__isnull=True,
                        protocol__isnull=True,
                    )
                    | models.Q(
                        plan_activity__isnull=True,
                        budget_line__isnull=True,
                        application__isnull=False,
                        protocol__isnull=True,
                    )
                    | models.Q(
                        plan_activity__isnull=True,
                        budget_line__isnull=True,
                        application__isnull=True,
                        protocol__isnull=False,
                    )
                ),
                name="community_link_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.priority}: {self.target}"

    @property
    def target(self):
        for name in self.TARGETS:
            value = getattr(self, name)
            if value is not None:
                return value
        return None


class InitiativeGroup(TimeStampedModel):
    """An initiative group (демилгелүү топ) of active residents formed for one priority."""

    priority = models.ForeignKey(
        Priority, on_delete=models.PROTECT, related_name="initiative_groups"
    )
    name = models.CharField(_("name"), max_length=300)
    formed_on = models.DateField(_("formed on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["formed_on", "pk"]
        verbose_name = _("initiative group")
        verbose_name_plural = _("initiative groups")

    def __str__(self):
        return self.name


class InitiativeGroupMember(models.Model):
    """A member: a person of the register (resident), or a deputy or staff member by name."""

    class Role(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        DEPUTY = "deputy", _("Kenesh deputy")
        STAFF = "staff", _("Ayil okmotu staff")

    group = models.ForeignKey(InitiativeGroup, on_delete=models.CASCADE, related_name="members")
    # SET_NULL: a person who withdraws consent is removed from the register
    # (municipality.services.people.person_delete); the seat or the answers stay unnamed.
    person = models.ForeignKey(
        "municipality.Person",
        verbose_name=_("person in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.RESIDENT)
    is_leader = models.BooleanField(_("leader"), default=False)

    class Meta:
        ordering = ["-is_leader", "pk"]
        verbose_name = _("member of an initiative group")
        verbose_name_plural = _("members of initiative groups")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(person__isnull=False),
                name="community_member_once",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id else (self.name or "—")


class AnnualReport(WorkflowModel, TimeStampedModel):
    """The LSG body's annual report to the population (ЖӨБОнын калк астындагы отчету)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    TRANSITIONS = {Status.DRAFT: {Status.PUBLISHED}}
    TRANSITION_ERROR = _("A report in status %(status)s cannot move to %(to)s.")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    introduction = models.TextField(_("head's introduction"), **LONG_TEXT, blank=True)
    conclusions = models.TextField(_("conclusions"), **LONG_TEXT, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    #: The gathering at which the report was presented to the population.
    gathering = models.ForeignKey(
        Gathering,
        verbose_name=_("presented at the gathering"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annual_reports",
    )
    #: The priorities whose threads the report told the population about.
    priorities = models.ManyToManyField(Priority, blank=True, related_name="annual_reports")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    document = _document()
    document_ru = _document()
    notice = models.ForeignKey(
        "municipality.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report to the population")
        verbose_name_plural = _("annual reports to the population")

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("community:report-detail", args=[self.year])


class Survey(WorkflowModel, TimeStampedModel):
    """A survey (сурамжылоо): built by staff, open for a period, answered online or on paper."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    TRANSITIONS = {Status.DRAFT: {Status.OPEN}, Status.OPEN: {Status.CLOSED}}
    TRANSITION_ERROR = _("A survey in status %(status)s cannot move to %(to)s.")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), **LONG_TEXT, blank=True)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    #: Free-text answers are for staff unless the office publishes them.
    free_text_public = models.BooleanField(_("free-text answers are public"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="community_survey_period_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:survey-detail", args=[self.pk])

    def is_answerable(self, day) -> bool:
        return self.status == self.Status.OPEN and self.opens_on <= day <= self.closes_on


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")
        SCALE = "scale", _("Scale from 1 to 5")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    text = models.CharField(_("question"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("answer option"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self):
        return self.text


class Response(models.Model):
    """One person's answers: online from an account, or from paper for a register person."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    # SET_NULL: a person who withdraws consent is removed from the register
    # (municipality.services.people.person_delete); the seat or the answers stay unnamed.
    person = models.ForeignKey(
        "municipality.Person",
        verbose_name=_("person in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who answered, as counted in the breakdowns (copied at the time of answering).
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    village = models.ForeignKey(
        "municipality.Village", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("survey answer sheet")
        verbose_name_plural = _("survey answer sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=models.Q(user__isnull=False),
                name="community_response_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["survey", "person"],
                condition=models.Q(person__isnull=False),
                name="community_response_once_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    options = models.ManyToManyField(Option, blank=True, related_name="answers")
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(**LONG_TEXT, blank=True)

    class Meta:
        ordering = ["question__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="community_answer_once"),
            models.CheckConstraint(
                condition=models.Q(scale__isnull=True) | models.Q(scale__gte=1, scale__lte=5),
                name="community_answer_scale_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.scale or self.text}"
