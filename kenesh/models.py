"""The kenesh (айылдык кеңеш) and the people's direct participation in it.

Deputies and the standing commissions; sessions (сессия) announced with their agenda (күн
тартиби) in advance; decisions with their votes and the register of resolutions (токтом);
the people's norm-making initiative (ченем жаратуу (элдик) демилгеси) that collects
signatures (кол тамга) online and on paper; petitions (петиция) to the ayil okmotu.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField
from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel


class Charter(models.Model):
    """The community charter (Жергиликтүү коомчулуктун Уставы): one row, kept by the secretary.

    Its own number of signatures for a people's initiative replaces the setting's default.
    """

    number = models.CharField(_("charter number"), max_length=50, blank=True)
    adopted_on = models.DateField(_("charter date"), null=True, blank=True)
    signature_threshold = models.PositiveIntegerField(
        _("signatures a people's initiative needs"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("community charter")
        verbose_name_plural = _("community charter")

    def __str__(self):
        return f"{self.number} {self.adopted_on or ''}".strip()


class Deputy(TimeStampedModel):
    """An elected deputy (депутат) of the kenesh for a term."""

    full_name = models.CharField(_("full name"), max_length=200)
    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    constituency = models.CharField(_("constituency"), max_length=200, blank=True)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")

    def __str__(self):
        return self.full_name

    def in_office(self, day: datetime.date) -> bool:
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


class Commission(models.Model):
    """A standing commission (туруктуу комиссия) of the kenesh."""

    name = models.CharField(_("name"), max_length=300)
    chair = models.ForeignKey(
        Deputy,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.ManyToManyField(Deputy, verbose_name=_("members"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("standing commission")
        verbose_name_plural = _("standing commissions")

    def __str__(self):
        return self.name


class Session(WorkflowModel, TimeStampedModel):
    """A session (сессия) of the kenesh, numbered within its convocation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        ANNOUNCED = "announced", _("Announced")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.DRAFT: {Status.ANNOUNCED, Status.CANCELLED},
        Status.ANNOUNCED: {Status.HELD, Status.CANCELLED},
    }
    TRANSITION_ERROR = _("A session in status %(status)s cannot move to %(to)s.")

    convocation = models.PositiveSmallIntegerField(_("convocation"))
    number = models.PositiveSmallIntegerField(_("session number"))
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    is_closed = models.BooleanField(_("closed session"), default=False)
    closed_reason = models.TextField(_("why the session is closed"), **LONG_TEXT, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    notice = models.ForeignKey(
        "municipality.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deputies_present = models.ManyToManyField(
        Deputy, verbose_name=_("deputies present"), blank=True, related_name="sessions_attended"
    )
    attendance = models.OneToOneField(
        "municipality.Attendance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["convocation", "number"], name="kenesh_session_number_unique"
            ),
        ]

    def __str__(self):
        return _("Session %(number)s (convocation %(convocation)s)") % {
            "number": self.number,
            "convocation": self.convocation,
        }

    def get_absolute_url(self):
        return reverse("kenesh:session-detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.ANNOUNCED, self.Status.HELD, self.Status.CANCELLED)


class SessionRegistration(models.Model):
    """A resident who said they will come to listen to an open session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kenesh_registrations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration to attend")
        verbose_name_plural = _("registrations to attend")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="kenesh_session_registration_once"
            ),
        ]

    def __str__(self):
        return f"{self.session}: {self.user}"


class AgendaItem(models.Model):
    """One item of a session's agenda (күн тартиби), with its draft and materials."""

    class Source(models.TextChoices):
        KENESH = "kenesh", _("The kenesh or the ayil okmotu")
        INITIATIVE = "initiative", _("People's initiative")
        HEARING = "hearing", _("Budget hearing proposal")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("number on the agenda"), default=1)
    title = models.CharField(_("item"), max_length=500)
    description = models.TextField(_("description"), **LONG_TEXT, blank=True)
    material = ProtectedFileField(_("draft and materials"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source, default=Source.KENESH)
    initiative = models.ForeignKey(
        "kenesh.Initiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    proposal = models.ForeignKey(
        "budget.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kenesh_items",
    )
    #: The recorded invitation of an initiative's initiators to this session.
    initiators_invited_at = models.DateTimeField(_("initiators invited"), null=True, blank=True)
    initiators_invitation = models.CharField(
        _("how the initiators were invited"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["session", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return f"{self.order}. {self.title}"


class Decision(TimeStampedModel):
    """What the session decided on an item, with the vote."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        POSTPONED = "postponed", _("Postponed")

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), default=0)
    reasons = models.TextField(_("reasons"), **LONG_TEXT, blank=True)
    initiators_present = models.BooleanField(_("initiators present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.item}: {self.get_outcome_display()}"


class Resolution(WorkflowModel, TimeStampedModel):
    """An entry of the register of resolutions (токтомдор): number, date, vote, text, PDF."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not published yet")
        PUBLISHED = "published", _("Published")

    TRANSITIONS = {Status.DRAFT: {Status.PUBLISHED}}
    TRANSITION_ERROR = _("A resolution in status %(status)s cannot move to %(to)s.")

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="resolution"
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="resolutions"
    )
    number = models.CharField(_("resolution number"), max_length=50, blank=True)
    adopted_on = models.DateField(_("resolution date"))
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), **LONG_TEXT)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    document = models.ForeignKey(
        "municipality.OfficialDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notice = models.ForeignKey(
        "municipality.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The Russian translation copy of `document` (same number), stored once it is rendered.
    pdf_ru = ProtectedFileField(_("PDF in Russian (translation copy)"), blank=True)
    pdf_ru_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["-adopted_on", "-pk"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self):
        return f"№ {self.number} {self.adopted_on:%d.%m.%Y} {self.title}"

    def get_absolute_url(self):
        return reverse("kenesh:resolution-detail", args=[self.pk])

    @property
    def publish_by(self) -> datetime.date:
        return self.adopted_on + datetime.timedelta(days=settings.KENESH_RESOLUTION_PUBLISH_DAYS)


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


class PaperSheet(TimeStampedModel):
    """A signed paper signature sheet of an initiative, entered by staff with its scan."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="sheets")
    scan = ProtectedFileField(_("scan of the signed sheet"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("signature sheet")
        verbose_name_plural = _("signature sheets")

    def __str__(self):
        return f"{self.initiative} #{self.pk}"


class Signature(models.Model):
    """One person's signature (кол тамга) for an initiative or support for a petition.

    Online: `user` (a confirmed phone and a village of the municipality). On paper: `person`
    from the register of people, with its sheet. One row per person and subject: the
    constraints hold under concurrent requests; a withdrawn signature keeps its row.
    """

    class Kind(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="signatures"
    )
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, null=True, blank=True, related_name="signatures"
    )
    kind = models.CharField(_("how"), max_length=10, choices=Kind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kenesh_signatures",
    )
    person = models.ForeignKey(
        "municipality.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kenesh_signatures",
    )
    sheet = models.ForeignKey(
        PaperSheet, on_delete=models.PROTECT, null=True, blank=True, related_name="signatures"
    )
    signed_on = models.DateField(_("signed on"))
    show_name = models.BooleanField(_("show my name publicly"), default=False)
    wants_news = models.BooleanField(_("tell me the decision"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(initiative__isnull=False, petition__isnull=True)
                    | models.Q(initiative__isnull=True, petition__isnull=False)
                ),
                name="kenesh_signature_one_subject",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, person__isnull=True)
                    | models.Q(user__isnull=True, person__isnull=False)
                ),
                name="kenesh_signature_one_signer",
            ),
            models.UniqueConstraint(
                fields=["initiative", "user"],
                condition=models.Q(user__isnull=False, initiative__isnull=False),
                name="kenesh_signature_initiative_user",
            ),
            models.UniqueConstraint(
                fields=["initiative", "person"],
                condition=models.Q(person__isnull=False, initiative__isnull=False),
                name="kenesh_signature_initiative_person",
            ),
            models.UniqueConstraint(
                fields=["petition", "user"],
                condition=models.Q(user__isnull=False, petition__isnull=False),
                name="kenesh_signature_petition_user",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.signed_on}"
