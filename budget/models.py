"""Public budget hearings (коомдук бюджеттик угуулар) and the citizens' budget."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField
from municipality.limits import LONG_TEXT, is_safe_link, validate_link
from municipality.models import TimeStampedModel, WorkflowModel

MONEY = {"max_digits": 14, "decimal_places": 2}


class BudgetCategory(models.Model):
    """A heading of the local budget's own classification, kept as data."""

    class Kind(models.TextChoices):
        REVENUE = "revenue", _("Revenue")
        EXPENDITURE = "expenditure", _("Expenditure")

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "order", "code"]
        verbose_name = _("budget category")
        verbose_name_plural = _("budget categories")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="budget_category_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class BudgetLine(TimeStampedModel):
    """The planned and actual amount of one category in one fiscal year, in som."""

    year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    category = models.ForeignKey(
        BudgetCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="lines"
    )
    planned = models.DecimalField(
        _("planned, som"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    actual = models.DecimalField(
        _("actual, som"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty while the year is not over."),
    )
    note = models.TextField(_("note"), **LONG_TEXT, blank=True)

    class Meta:
        ordering = ["-year", "category__kind", "category__order", "category__code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["year", "category"], name="budget_line_unique"),
            models.CheckConstraint(
                condition=Q(planned__gte=0) & (Q(actual__isnull=True) | Q(actual__gte=0)),
                name="budget_line_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.category}"

    @property
    def kind(self) -> str:
        return self.category.kind

    @property
    def execution_percent(self):
        if self.actual is None or not self.planned:
            return None
        return round(self.actual * 100 / self.planned)


class BudgetLineLink(models.Model):
    """What a line's money bought: an initiative project, a plan activity, any page.

    The other apps are optional here, so the link is a label and an address, with an
    optional generic pointer at the object itself.
    """

    line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.CASCADE, related_name="links"
    )
    label = models.CharField(_("what it financed"), max_length=300)
    url = models.CharField(
        _("address (URL)"), max_length=500, blank=True, validators=[validate_link]
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("what the money bought")
        verbose_name_plural = _("what the money bought")

    def __str__(self):
        return self.label

    def get_url(self) -> str:
        if self.url:
            return self.url if is_safe_link(self.url) else ""  # a row stored before the check
        target = self.target if self.target_type_id else None
        return target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""


class HearingQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Hearing.Status.DRAFT)


class Hearing(WorkflowModel, TimeStampedModel):
    """A public budget hearing: on the draft budget of next year or on last year's report."""

    class Kind(models.TextChoices):
        DRAFT_BUDGET = "draft_budget", _("Draft budget")
        EXECUTION_REPORT = "execution_report", _("Budget execution report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ANNOUNCED = "announced", _("Announced")
        HELD = "held", _("Held")
        PROTOCOL_PUBLISHED = "protocol_published", _("Protocol published")

    TRANSITIONS = {
        Status.DRAFT: {Status.ANNOUNCED},
        Status.ANNOUNCED: {Status.HELD},
        Status.HELD: {Status.PROTOCOL_PUBLISHED},
    }
    TRANSITION_ERROR = _("A hearing in status “%(status)s” cannot move to “%(to)s”.")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    starts_at = models.DateTimeField(_("date and time"))
    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300)
    agenda = models.TextField(_("agenda"), **LONG_TEXT)
    materials_lines = models.ManyToManyField(
        BudgetLine,
        verbose_name=_("budget lines in the materials"),
        blank=True,
        related_name="hearings",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    # Filled in when the hearing is held.
    attendance = models.OneToOneField(
        "municipality.Attendance",
        verbose_name=_("attendance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_hearing",
    )
    discussion = models.TextField(_("course of the discussion"), **LONG_TEXT, blank=True)
    notice = models.ForeignKey(
        "municipality.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    protocol = models.ForeignKey(
        "municipality.OfficialDocument",
        verbose_name=_("protocol"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = HearingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        # The lists of past hearings read a page newest first (ten years of them).
        indexes = [models.Index(F("starts_at").desc(), F("id").desc(), name="hearing_newest")]
        verbose_name = _("budget hearing")
        verbose_name_plural = _("budget hearings")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        if self.kind == self.Kind.EXECUTION_REPORT:
            text = gettext("Public hearing on the budget execution report for %(year)s")
        else:
            text = gettext("Public hearing on the draft budget for %(year)s")
        return text % {"year": self.fiscal_year}

    def get_absolute_url(self):
        return reverse("budget:hearing-detail", args=[self.pk])

    @property
    def place(self) -> str:
        return ", ".join(str(part) for part in (self.village, self.address) if part)


class HearingMaterial(models.Model):
    """A file of a hearing's materials: the draft budget, the report, a table…"""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = ProtectedFileField(_("file"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title


class Proposal(TimeStampedModel):
    """A resident's proposal (сунуш) to a hearing, sent online or taken down by staff."""

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")
        ORAL = "oral", _("Orally")

    class Decision(models.TextChoices):
        PENDING = "", _("Not decided yet")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        FORWARDED = "forwarded", _("Forwarded to the kenesh")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_proposals",
    )
    author_name = models.CharField(_("author's name"), max_length=200, blank=True)
    person = models.ForeignKey(
        "municipality.Person",
        verbose_name=_("person (register of people)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_proposals",
    )
    source = models.CharField(_("received"), max_length=10, choices=Source, default=Source.ONLINE)
    text = models.TextField(_("proposal"), **LONG_TEXT)
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    local_issue = models.ForeignKey(
        "municipality.LocalIssue",
        verbose_name=_("local issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision, default=Decision.PENDING, blank=True
    )
    decision_reason = models.TextField(_("reason"), **LONG_TEXT, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return self.text[:60]

    @property
    def is_paper(self) -> bool:
        return self.source != self.Source.ONLINE

    @property
    def display_author(self) -> str:
        if self.author_id:
            return str(self.author)
        return self.author_name

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)


class Registration(models.Model):
    """A resident's note that they will come to a hearing."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_registrations"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["hearing", "user"], name="budget_registration_unique"),
        ]

    def __str__(self):
        return f"{self.user} → {self.hearing_id}"
