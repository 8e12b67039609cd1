"""An application with its activities, estimate, attachments and public support."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField
from municipality.limits import LONG_TEXT
from municipality.models import (
    LocalIssue,
    OfficialDocument,
    TimeStampedModel,
    Village,
    WorkflowModel,
)

from .common import MONEY, ZERO
from .contest import Contest


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
        indexes = [
            # "My applications", newest first, a page at a time.
            models.Index(fields=["applicant", "-created_at"], name="application_mine"),
        ]
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
