"""A contest with its files, criteria, commission seats and the protocol's signatures."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField, upload_to
from municipality.limits import LONG_TEXT
from municipality.models import (
    LocalIssue,
    Notice,
    OfficialDocument,
    TimeStampedModel,
    WorkflowModel,
)

from .common import MONEY, ZERO


class Contest(WorkflowModel, TimeStampedModel):
    """One call for local initiatives with its envelope, window, criteria and commission."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ANNOUNCED = "announced", _("Announced")
        ACCEPTING = "accepting", _("Accepting applications")
        EVALUATION = "evaluation", _("Evaluation")
        # The commission sits: the ranking is frozen and the members present sign it.
        PROTOCOL = "protocol", _("Protocol being signed")
        ADOPTED = "adopted", _("Protocol adopted")
        RESULTS = "results", _("Results")
        IMPLEMENTATION = "implementation", _("Implementation")
        CLOSED = "closed", _("Closed")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.DRAFT: {Status.ANNOUNCED},
        Status.ANNOUNCED: {Status.ACCEPTING, Status.POSTPONED, Status.CANCELLED},
        Status.ACCEPTING: {Status.EVALUATION, Status.POSTPONED, Status.CANCELLED},
        Status.POSTPONED: {Status.ANNOUNCED, Status.CANCELLED},
        Status.EVALUATION: {Status.PROTOCOL},
        Status.PROTOCOL: {Status.ADOPTED},
        # Only a protocol the commission adopted allows the head's order (seed 003).
        Status.ADOPTED: {Status.RESULTS},
        Status.RESULTS: {Status.IMPLEMENTATION},
        Status.IMPLEMENTATION: {Status.CLOSED},
    }
    TRANSITION_ERROR = _("A contest in status %(status)s cannot move to %(to)s.")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), **LONG_TEXT, blank=True)
    resolution_number = models.CharField(_("kenesh resolution number"), max_length=50, blank=True)
    resolution_date = models.DateField(_("kenesh resolution date"), null=True, blank=True)
    resolution_document = models.ForeignKey(
        OfficialDocument,
        verbose_name=_("kenesh resolution"),
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
    directions = models.ManyToManyField(
        LocalIssue, verbose_name=_("directions"), related_name="contests", blank=True
    )
    budget = models.DecimalField(
        _("budget envelope, som"), **MONEY, validators=[MinValueValidator(0)]
    )
    max_per_project = models.DecimalField(
        _("maximum per project, som"), **MONEY, validators=[MinValueValidator(0)]
    )
    own_contribution_percent = models.DecimalField(
        _("required own contribution, %"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    window_opens = models.DateField(_("applications from"))
    window_closes = models.DateField(_("applications until"))
    terms_of_reference = models.TextField(_("terms of reference"), **LONG_TEXT, blank=True)
    questions = models.JSONField(
        _("extra questions"),
        default=list,
        blank=True,
        help_text=_("Extra questions of the application form, one per line."),
    )
    required_attachments = models.PositiveSmallIntegerField(
        _("required attachments"),
        default=0,
        help_text=_("How many files an application must have (e.g. the estimate, photos)."),
    )
    public_support_phase = models.BooleanField(_("public support phase"), default=False)
    pass_mark = models.DecimalField(
        _("pass mark (minimum average score of 100)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "An application scoring below this is not funded even when money is left over."
        ),
    )
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum numerator"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum denominator"), default=3, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    application_counter = models.PositiveIntegerField(default=0, editable=False)
    announcement = models.ForeignKey(
        Notice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    winners_notice = models.ForeignKey(
        Notice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commission_order = models.ForeignKey(
        OfficialDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    protocol = models.ForeignKey(
        OfficialDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    results_order = models.ForeignKey(
        OfficialDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    results = models.JSONField(_("results"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-window_opens", "-pk"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        indexes = [
            # The public list, newest first, a page at a time without sorting every contest.
            models.Index(
                models.F("window_opens").desc(), models.F("id").desc(), name="contest_newest"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_closes__gte=models.F("window_opens")),
                name="contest_window_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:contest", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def criteria_frozen(self) -> bool:
        return self.status not in (self.Status.DRAFT, self.Status.ANNOUNCED)

    def window_is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.window_opens <= today <= self.window_closes

    def resident_phase(self, today=None) -> dict:
        """What a resident can do now, for the coloured badge of the contest lists and page.

        ``css`` is a Bootstrap badge colour, ``label`` the badge and ``window`` the window
        sentence in the right tense (will be / are / were accepted)."""
        today = today or timezone.localdate()
        dates = {
            "opens": date_format(self.window_opens, "d.m.Y"),
            "closes": date_format(self.window_closes, "d.m.Y"),
        }
        S = self.Status
        if today < self.window_opens:
            window = gettext("Applications will be accepted from %(opens)s to %(closes)s.")
        elif today <= self.window_closes and self.status in (S.ANNOUNCED, S.ACCEPTING):
            window = gettext("Applications are accepted from %(opens)s to %(closes)s.")
        else:
            window = gettext("Applications were accepted from %(opens)s to %(closes)s.")
        if self.status == S.ACCEPTING and self.window_is_open(today):
            css, label = "success", gettext("Apply now, until %(closes)s") % dates
        elif self.status in (S.ANNOUNCED, S.ACCEPTING) and today < self.window_opens:
            css, label = "info", gettext("Applications open on %(opens)s") % dates
        elif self.status in (S.ANNOUNCED, S.ACCEPTING, S.EVALUATION, S.PROTOCOL, S.ADOPTED):
            css, label = "warning", gettext("Applications are being evaluated")
        elif self.status in (S.RESULTS, S.IMPLEMENTATION):
            css, label = "primary", gettext("Results announced")
        else:
            css, label = "secondary", gettext("Contest closed")
        return {"css": css, "label": label, "window": window % dates}


class ContestFile(models.Model):
    """A file of the terms of reference (техникалык тапшырма) or the regulation."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = ProtectedFileField(_("file"))
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("contest file")
        verbose_name_plural = _("contest files")

    def __str__(self):
        return self.title or self.file.name


DEFAULT_CRITERIA = [
    # (Kyrgyz, Russian, weight, max score)
    ("Жергиликтүү маанидеги маселеге шайкештиги", "Соответствие вопросу местного значения", 3, 10),
    ("Пайда алуучулардын саны", "Число благополучателей", 2, 10),
    ("Өз салымы", "Собственный вклад", 2, 10),
    ("Чыгымдардын реалдуулугу", "Реалистичность сметы расходов", 2, 10),
    ("Туруктуулугу", "Устойчивость", 1, 10),
]


class Criterion(models.Model):
    """A scoring criterion; editable until the window opens."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=300)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), default=10, validators=[MinValueValidator(1)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.name


class CommissionMember(models.Model):
    """A seat on the contest commission (конкурстук комиссия), appointed by the head's order."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_seats"
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    position = models.CharField(_("position"), max_length=200, blank=True)
    # Replaced by the head's order: the seat no longer scores nor counts in the quorum.
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replacement_order = models.ForeignKey(
        OfficialDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-is_chair", "pk"]
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="commission_member_unique"),
        ]

    def __str__(self):
        return str(self.user)


class ProtocolSignature(models.Model):
    """A member present at the sitting signs the commission's protocol: in the portal, or on
    the paper protocol (entered by staff with its scan) when the member cannot log in."""

    member = models.OneToOneField(
        CommissionMember, on_delete=models.PROTECT, related_name="protocol_signature"
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    from_paper = models.BooleanField(_("signed on paper"), default=False)
    scan = ProtectedFileField(_("scan of the signed protocol"), upload_to=upload_to, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signature of the protocol")
        verbose_name_plural = _("signatures of the protocol")

    def __str__(self):
        return str(self.member)
