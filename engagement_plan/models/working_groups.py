"""The working group (4.1–4.4) and its members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT
from municipality.models import TimeStampedModel, WorkflowModel


class Sex(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class WorkingGroup(WorkflowModel, TimeStampedModel):
    """The working group (жумушчу топ) that drafts the plan, approved by order (4.2)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being formed")
        APPROVED = "approved", _("Approved by order")

    TRANSITIONS = {Status.DRAFT: {Status.APPROVED}}
    TRANSITION_ERROR = _("A working group in status %(status)s cannot move to %(to)s.")

    title = models.CharField(_("title"), max_length=300)
    head_name = models.CharField(
        _("head of the group"),
        max_length=200,
        help_text=_("The head of the LSG body heads the group (4.1)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    justification = models.TextField(
        _("justification for departing from a recommendation"), **LONG_TEXT, blank=True
    )
    order = models.ForeignKey(
        "municipality.OfficialDocument",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.title


def sort_members(members) -> list:
    """LSG representatives first, then kenesh deputies, then the community (4.3's order)."""
    order = {value: index for index, value in enumerate(WorkingGroupMember.Category.values)}
    return sorted(members, key=lambda m: (order.get(m.category, 9), m.pk or 0))


class WorkingGroupMember(models.Model):
    class Category(models.TextChoices):
        LSG = "lsg", _("LSG body representative")
        KENESH = "kenesh", _("Kenesh deputy")
        COMMUNITY = "community", _("Community representative")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position or occupation"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex)
    is_ethnic_minority = models.BooleanField(_("ethnic minority"), default=False)
    is_disabled = models.BooleanField(_("person with disabilities"), default=False)
    is_youth = models.BooleanField(_("youth"), default=False)
    is_other_social_group = models.BooleanField(_("other social group"), default=False)

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")

    def __str__(self):
        return self.full_name

    @property
    def represents_social_group(self) -> bool:
        return (
            self.is_ethnic_minority
            or self.is_disabled
            or self.is_youth
            or self.is_other_social_group
        )
