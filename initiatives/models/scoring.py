"""Conflict declarations, scores (final once submitted) and paper score sheets."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField, upload_to
from municipality.limits import LONG_TEXT

from .application import Application
from .contest import CommissionMember, Criterion


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
