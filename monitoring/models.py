"""Joint monitoring and evaluation (биргелешкен мониторинг жана баалоо, БМжБТ).

A kenesh resolution creates a group for a period; its members visit subjects
(an initiative project, a plan activity, a budget line…) and file protocols
with checklist answers, photos and recommendations. The chair signs a
protocol off; it then becomes a PDF in the document registry and a notice.
The ayil okmotu answers each recommendation; the group accepts or reopens.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField, ProtectedImageField
from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel


class MonitoringGroup(TimeStampedModel):
    """A joint monitoring and evaluation group created by a kenesh resolution (токтом)."""

    name = models.CharField(_("name"), max_length=300)
    resolution_number = models.CharField(_("resolution number"), max_length=50)
    resolution_date = models.DateField(_("resolution date"))
    resolution_file = ProtectedFileField(_("resolution (PDF or scan)"), blank=True)
    resolution_document = models.ForeignKey(
        "municipality.OfficialDocument",
        verbose_name=_("resolution in the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The entry of the kenesh's register of resolutions with this number and date.
    kenesh_resolution = models.ForeignKey(
        "kenesh.Resolution",
        verbose_name=_("entry in the register of resolutions"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    mandate = models.TextField(_("mandate"), **LONG_TEXT, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-period_start", "-pk"]
        indexes = [models.Index(F("period_start").desc(), F("id").desc(), name="group_newest")]
        verbose_name = _("monitoring group")
        verbose_name_plural = _("monitoring groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="monitoring_group_period_order",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("monitoring:group-detail", args=[self.pk])

    def covers(self, date: datetime.date) -> bool:
        return self.period_start <= date <= self.period_end

    @property
    def is_active(self) -> bool:
        return self.covers(timezone.localdate())


class GroupMember(models.Model):
    """A seat in a group. The user, when there is one, files protocols for this group only."""

    class Category(models.TextChoices):
        STAFF = "staff", _("Ayil okmotu staff")
        DEPUTY = "deputy", _("Kenesh deputy")
        COMMUNITY = "community", _("Community representative")

    class Sex(models.TextChoices):
        FEMALE = "f", _("Female")
        MALE = "m", _("Male")

    group = models.ForeignKey(MonitoringGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitoring_seats",
    )
    name = models.CharField(_("full name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex)
    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        ordering = ["-is_chair", "name", "pk"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(user__isnull=False),
                name="monitoring_member_once_per_group",
            ),
            models.UniqueConstraint(
                fields=["group"], condition=models.Q(is_chair=True), name="monitoring_one_chair"
            ),
        ]

    def __str__(self):
        return self.name


class Subject(TimeStampedModel):
    """What a group monitors: a project, an activity, the plan, a budget line or free text."""

    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("Local initiative project")
        PLAN_ACTIVITY = "plan_activity", _("Engagement plan activity")
        PLAN = "plan", _("Engagement plan as a whole")
        BUDGET = "budget", _("Budget programme or line")
        OTHER = "other", _("Other subject")

    group = models.ForeignKey(MonitoringGroup, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    # The object in another app (a project, an activity, a budget line), when there is one.
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    planned_visits = models.JSONField(_("planned visit dates"), default=list, blank=True)

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("monitoring subject")
        verbose_name_plural = _("monitoring subjects")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return self.title

    @property
    def planned_dates(self) -> list[datetime.date]:
        return sorted(datetime.date.fromisoformat(value) for value in self.planned_visits)


class ChecklistQuestion(models.Model):
    """A question the group answers on each visit to a subject of a type; the chair edits them."""

    group = models.ForeignKey(MonitoringGroup, on_delete=models.CASCADE, related_name="questions")
    subject_kind = models.CharField(_("subject type"), max_length=20, choices=Subject.Kind)
    text = models.CharField(_("question"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["subject_kind", "order", "pk"]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")

    def __str__(self):
        return self.text


class ProtocolQuerySet(models.QuerySet):
    def public(self):
        """What a visitor may see: signed and published protocols."""
        return self.filter(status__in=(Protocol.Status.SIGNED, Protocol.Status.PUBLISHED))


class Protocol(WorkflowModel, TimeStampedModel):
    """A visit protocol (протокол) filed by members in the field and signed off by the chair."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the chair")
        SIGNED = "signed", _("Signed")
        PUBLISHED = "published", _("Published")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.DRAFT, Status.SIGNED},
        Status.SIGNED: {Status.PUBLISHED},
    }
    TRANSITION_ERROR = _("A protocol in status %(status)s cannot move to %(to)s.")

    group = models.ForeignKey(MonitoringGroup, on_delete=models.CASCADE, related_name="protocols")
    subject = models.ForeignKey(
        Subject, verbose_name=_("subject"), on_delete=models.PROTECT, related_name="protocols"
    )
    visit_date = models.DateField(_("visit date"), null=True, blank=True)
    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address or place"), max_length=300, blank=True)
    #: Residents who came to the visit (not the group's members, who are listed below).
    attendance = models.OneToOneField(
        "municipality.Attendance",
        verbose_name=_("attendance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitoring_protocol",
    )
    members_present = models.ManyToManyField(
        GroupMember,
        verbose_name=_("members present"),
        blank=True,
        related_name="protocols_present",
    )
    confirmed_by = models.ManyToManyField(
        GroupMember, verbose_name=_("confirmed by"), blank=True, related_name="protocols_confirmed"
    )
    #: Who was present and absent (names, roles, confirmations), frozen when the chair signs:
    #: the protocol prints it, so a member removed from the group later still reads on it.
    #: {"present": [{"id", "name", "category", "is_chair", "confirmed"}], "absent": [...]}.
    members_snapshot = models.JSONField(
        _("members at signing"), null=True, blank=True, editable=False
    )
    findings = models.TextField(_("findings"), **LONG_TEXT, blank=True)
    scan = ProtectedFileField(_("paper protocol scan"), blank=True)
    scan_summary = models.TextField(_("summary of the paper protocol"), **LONG_TEXT, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    document = models.ForeignKey(
        "municipality.OfficialDocument",
        verbose_name=_("PDF"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notice = models.ForeignKey(
        "municipality.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        ordering = ["-visit_date", "-pk"]
        # The public list: newest visit first, a protocol without a date last. SQLite
        # cannot spell NULLS LAST in an index (its DESC puts NULLs last anyway); on
        # PostgreSQL migration 0007 creates the index with NULLS LAST.
        indexes = [models.Index(F("visit_date").desc(), F("id").desc(), name="protocol_newest")]
        verbose_name = _("monitoring protocol")
        verbose_name_plural = _("monitoring protocols")

    def __str__(self):
        if self.visit_date:
            return f"{self.subject} — {self.visit_date:%d.%m.%Y}"
        return str(self.subject)

    def get_absolute_url(self):
        return reverse("monitoring:protocol-detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.SIGNED, self.Status.PUBLISHED)


class ChecklistAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        PARTLY = "partly", _("Partly")

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ChecklistQuestion, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "question"], name="monitoring_answer_once"
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.get_answer_display()}"


class Photo(models.Model):
    """A photo from the visit: downscaled on the server, EXIF removed (GPS kept if agreed)."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="photos")
    image = ProtectedImageField(
        _("photo"),
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    keeps_location = models.BooleanField(_("location kept"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or self.image.name


class Recommendation(WorkflowModel, TimeStampedModel):
    """A recommendation (сунуштама) of the group that the ayil okmotu must answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting an answer")
        ANSWERED = "answered", _("Answered")
        RESOLVED = "resolved", _("Resolved")
        REOPENED = "reopened", _("Reopened")

    TRANSITIONS = {
        Status.OPEN: {Status.ANSWERED},
        Status.ANSWERED: {Status.RESOLVED, Status.REOPENED},
        Status.REOPENED: {Status.ANSWERED},
    }
    TRANSITION_ERROR = _("A recommendation in status %(status)s cannot move to %(to)s.")
    AWAITING = (Status.OPEN, Status.REOPENED)

    protocol = models.ForeignKey(
        Protocol, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"), **LONG_TEXT)
    addressee = models.CharField(_("addressee"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.OPEN, db_index=True
    )
    response = models.TextField(_("answer"), **LONG_TEXT, blank=True)
    action_taken = models.TextField(_("what was done"), **LONG_TEXT, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    group_note = models.TextField(_("group's note"), **LONG_TEXT, blank=True)
    closed_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date", "id"], name="recommendation_queue")]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date and self.status in self.AWAITING and self.due_date < timezone.localdate()
        )


class GroupReport(TimeStampedModel):
    """The group's periodic report (отчет): its protocols and the state of its recommendations."""

    group = models.ForeignKey(MonitoringGroup, on_delete=models.CASCADE, related_name="reports")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    summary = models.TextField(_("summary"), **LONG_TEXT, blank=True)
    document = models.ForeignKey(
        "municipality.OfficialDocument",
        verbose_name=_("PDF"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("group report")
        verbose_name_plural = _("group reports")

    def __str__(self):
        return f"{self.group}: {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"
