"""Sessions, registrations to attend, agenda items and decisions."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField
from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel

from .council import Deputy


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
        indexes = [models.Index(F("starts_at").desc(), F("id").desc(), name="session_newest")]
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
