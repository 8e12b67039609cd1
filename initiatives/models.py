"""Local-initiative contests (жергиликтүү демилгелер сынагы), seed 003 §3.2."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField, ProtectedImageField, upload_to
from municipality.limits import LONG_TEXT
from municipality.models import (
    LocalIssue,
    Notice,
    OfficialDocument,
    TimeStampedModel,
    Village,
    WorkflowModel,
)

MONEY = {"max_digits": 12, "decimal_places": 2}


def private_upload_path(instance, filename: str) -> str:
    """Named by migration 0003; every file field now uses municipality.files.upload_to."""
    return upload_to(instance, filename)


ZERO = Decimal("0")


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
        from django.utils.formats import date_format
        from django.utils.translation import gettext

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


class Application(WorkflowModel, TimeStampedModel):
    """An application (өтүнмө) to a contest."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Initiative group")
        ASSOCIATION = "association", _("Association")
        LEGAL_ENTITY = "legal_entity", _("Legal entity")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Not eligible")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        # back to a draft: the applicant corrects it before the deadline and submits again
        Status.SUBMITTED: {Status.ELIGIBLE, Status.INELIGIBLE, Status.DRAFT},
        Status.ELIGIBLE: {Status.SELECTED, Status.NOT_SELECTED, Status.INELIGIBLE},
        Status.INELIGIBLE: {Status.ELIGIBLE, Status.DRAFT},
    }
    TRANSITION_ERROR = _("An application in status %(status)s cannot move to %(to)s.")

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="applications")
    # The account that applied; empty for a paper application of a person without an account.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="initiative_applications",
        null=True,
        blank=True,
    )
    # A paper application: the person in the register who brought it.
    applicant_person = models.ForeignKey(
        "municipality.Person",
        verbose_name=_("applicant (register of people)"),
        on_delete=models.PROTECT,
        related_name="initiative_applications",
        null=True,
        blank=True,
    )
    kind = models.CharField(
        _("applicant type"), max_length=20, choices=Kind, default=Kind.INDIVIDUAL
    )
    organisation = models.CharField(
        _("group, association or organisation name"), max_length=300, blank=True
    )
    group_members = models.TextField(
        _("members of the group"), **LONG_TEXT, blank=True, help_text=_("One person per line.")
    )
    title = models.CharField(_("project title"), max_length=300)
    local_issues = models.ManyToManyField(
        LocalIssue,
        verbose_name=_("local issues"),
        related_name="initiative_applications",
        blank=True,
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.SET_NULL, null=True, blank=True
    )
    problem = models.TextField(_("the problem"), **LONG_TEXT, blank=True)
    beneficiaries_count = models.PositiveIntegerField(_("number of beneficiaries"), default=0)
    beneficiaries_who = models.CharField(_("who benefits"), max_length=500, blank=True)
    requested_sum = models.DecimalField(
        _("requested from the local budget, som"),
        **MONEY,
        default=ZERO,
        validators=[MinValueValidator(0)],
    )
    contribution_cash = models.DecimalField(
        _("own contribution: cash, som"), **MONEY, default=ZERO, validators=[MinValueValidator(0)]
    )
    contribution_goods = models.DecimalField(
        _("own contribution: goods and materials, som"),
        **MONEY,
        default=ZERO,
        validators=[MinValueValidator(0)],
    )
    contribution_ashar = models.DecimalField(
        _("own contribution: ashar labour, som"),
        **MONEY,
        default=ZERO,
        validators=[MinValueValidator(0)],
    )
    contribution_sponsors = models.DecimalField(
        _("other contributions: sponsors, som"),
        **MONEY,
        default=ZERO,
        validators=[MinValueValidator(0)],
    )
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    answers = models.JSONField(_("answers to the extra questions"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    reason = models.TextField(_("reason"), **LONG_TEXT, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    registration_number = models.CharField(
        _("registration number"), max_length=30, blank=True, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    is_paper = models.BooleanField(_("paper application"), default=False)
    received_on = models.DateField(_("paper received on"), null=True, blank=True)
    incoming_number = models.CharField(_("incoming number"), max_length=30, blank=True)
    late_reason = models.TextField(_("reason for accepting it late"), **LONG_TEXT, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    # The form's one-time token: a double-clicked "Save" creates one application, not two.
    client_token = models.CharField(max_length=64, blank=True, editable=False)
    agreement = models.ForeignKey(
        OfficialDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    terms = models.ForeignKey(
        OfficialDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["contest", "sequence", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "sequence"], name="application_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["applicant", "client_token"],
                condition=~models.Q(client_token=""),
                name="application_client_token_unique",
            ),
            # Two clerks entering the same paper at once create one application.
            models.UniqueConstraint(
                fields=["incoming_number"],
                condition=~models.Q(incoming_number=""),
                name="application_incoming_number_unique",
            ),
        ]

    def __str__(self):
        if self.registration_number:
            return f"{self.registration_number} {self.title}"
        return self.title

    #: Shown to everyone on the contest page (`#application-<pk>`); a draft to no one.
    PUBLIC_STATUSES = (
        Status.SUBMITTED,
        Status.ELIGIBLE,
        Status.INELIGIBLE,
        Status.SELECTED,
        Status.NOT_SELECTED,
    )

    def get_absolute_url(self):
        """The public place of the application, the one every viewer can open: its entry on
        the contest page. Generic links (a document's or a notice's subject) use this; the
        applicant's own page is `initiatives:application` (`private_url`), which only the
        applicant, the office and the commission may open."""
        if self.status in self.PUBLIC_STATUSES:
            return f"{self.contest.get_absolute_url()}#application-{self.pk}"
        return self.private_url

    @property
    def private_url(self) -> str:
        return reverse("initiatives:application", args=[self.pk])

    @property
    def applicant_name(self) -> str:
        """Who applied: the account's name, else the person's from the register."""
        if self.applicant_id:
            return str(self.applicant)
        return str(self.applicant_person or "")

    @property
    def own_contribution(self) -> Decimal:
        """Cash, goods and ashar labour of the applicants; sponsors count as other money."""
        return self.contribution_cash + self.contribution_goods + self.contribution_ashar

    @property
    def total_funding(self) -> Decimal:
        return self.requested_sum + self.own_contribution + self.contribution_sponsors


class Activity(models.Model):
    """A planned activity (пландалган иш-чара) with dates."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="activities"
    )
    description = models.CharField(_("activity"), max_length=500)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")

    def __str__(self):
        return self.description


class EstimateLine(models.Model):
    """A line of the cost estimate (чыгымдын сметасы): total = quantity × unit price."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="estimate_lines"
    )
    item = models.CharField(_("item"), max_length=300)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit_price = models.DecimalField(
        _("unit price, som"), **MONEY, validators=[MinValueValidator(0)]
    )
    total = models.DecimalField(_("total, som"), **MONEY)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("estimate line")
        verbose_name_plural = _("estimate lines")

    def __str__(self):
        return self.item


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = ProtectedFileField(_("file"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.file.name


class ConflictDeclaration(models.Model):
    """A member's declaration on one application: conflicted members do not score it."""

    member = models.ForeignKey(
        CommissionMember, on_delete=models.CASCADE, related_name="declarations"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="declarations"
    )
    has_conflict = models.BooleanField(_("conflict of interest"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest declaration")
        verbose_name_plural = _("conflict of interest declarations")
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="declaration_unique"),
        ]

    def __str__(self):
        return f"{self.member} / {self.application}"


class SubmittedScoreError(ValidationError):
    """Raised on any attempt to change or delete a submitted score."""

    def __init__(self):
        super().__init__(_("Submitted scores are final: they cannot be changed or deleted."))


class ScoreQuerySet(models.QuerySet):
    """Bulk writes refuse to touch a submitted score (defence in depth behind the services)."""

    def update(self, **kwargs):
        if self.filter(submitted=True).exists():
            raise SubmittedScoreError
        return super().update(**kwargs)

    def delete(self):
        if self.filter(submitted=True).exists():
            raise SubmittedScoreError
        return super().delete()


class Score(models.Model):
    """One member's score on one criterion; final once `submitted` (never changed, never
    deleted: the member, the application and the criterion are protected too)."""

    member = models.ForeignKey(CommissionMember, on_delete=models.PROTECT, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), **LONG_TEXT, blank=True)
    submitted = models.BooleanField(_("submitted"), default=False)
    # Copied by staff from the member's signed paper score sheet (PaperScoreSheet).
    from_paper = models.BooleanField(_("entered from paper"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application", "criterion"], name="score_unique"
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.criterion} = {self.value}"

    def save(self, *args, **kwargs):
        if self.pk and Score.objects.filter(pk=self.pk, submitted=True).exists():
            raise SubmittedScoreError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and Score.objects.filter(pk=self.pk, submitted=True).exists():
            raise SubmittedScoreError
        return super().delete(*args, **kwargs)


class PaperScoreSheet(models.Model):
    """A member's signed paper score sheet, entered by staff when the member cannot log in;
    its scan is kept, and the scores it carries are final like any submitted ones."""

    member = models.ForeignKey(
        CommissionMember, on_delete=models.PROTECT, related_name="paper_sheets"
    )
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="paper_sheets"
    )
    scan = ProtectedFileField(_("scan of the signed sheet"), upload_to=upload_to)
    has_conflict = models.BooleanField(_("conflict of interest declared"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        ordering = ["application", "member"]
        verbose_name = _("paper score sheet")
        verbose_name_plural = _("paper score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"], name="paper_score_sheet_unique"
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.application}"


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


class ImplementationReport(TimeStampedModel):
    """A winner's progress or final report (отчет) with spending against the estimate."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        FINAL = "final", _("Final report")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PROGRESS)
    due_date = models.DateField(_("due date"))
    text = models.TextField(_("what was done"), **LONG_TEXT, blank=True)
    spending = models.JSONField(_("spending"), default=list, blank=True)
    #: Who came to the project's events (seed 003: 1 650 people, 360 men, 690 women).
    attendance = models.OneToOneField(
        "municipality.Attendance",
        verbose_name=_("attendance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiative_report",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.application}"

    @property
    def is_late(self) -> bool:
        return self.submitted_at is None and self.due_date < timezone.localdate()


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        ImplementationReport, on_delete=models.CASCADE, related_name="photos"
    )
    file = ProtectedImageField(_("photo"))

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.file.name


class Support(models.Model):
    """A resident's public support (колдоо) for an application, when the contest has that phase."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="initiative_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public support")
        verbose_name_plural = _("public support")
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="support_unique"),
        ]

    def __str__(self):
        return f"{self.user} → {self.application}"
