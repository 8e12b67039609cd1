"""Surveys (сурамжылоо): questions, options, answer sheets and answers."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel


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
    #: Visitors without an account may answer: once per browser, within the address limit.
    allow_anonymous = models.BooleanField(_("anonymous answers allowed"), default=False)
    #: The notice that told the population the results (after the survey closed).
    results_notice = models.ForeignKey(
        "municipality.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(F("opens_on").desc(), F("id").desc(), name="survey_newest")]
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
    """One person's answers: online from an account, anonymous online (when the survey
    allows it), or from paper for a register person."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")
        ANONYMOUS = "anonymous", _("Online, anonymous")

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
