"""What the other apps did about a priority (community → other apps, never the reverse)."""

import functools
import operator

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipality.models import TimeStampedModel

from .priorities import Priority

#: The things a link may point at, in the order of the cycle.
TARGETS = ("plan_activity", "budget_line", "application", "protocol")


def _target(model: str, label):
    return models.ForeignKey(
        model,
        verbose_name=label,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )


def _exactly_one(names) -> models.Q:
    """The condition "exactly one of these columns is set"."""
    return functools.reduce(
        operator.or_,
        (models.Q(**{f"{name}__isnull": name != chosen for name in names}) for chosen in names),
    )


class PriorityLink(TimeStampedModel):
    """What another app did about a priority: exactly one of the targets is set."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="links")
    plan_activity = _target("engagement_plan.Activity", _("plan activity"))
    budget_line = _target("budget.BudgetLine", _("budget line"))
    application = _target("initiatives.Application", _("contest project"))
    protocol = _target("monitoring.Protocol", _("monitoring protocol"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    TARGETS = TARGETS

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("link of a priority")
        verbose_name_plural = _("links of priorities")
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(TARGETS), name="community_link_one_target"
            ),
        ]

    def __str__(self):
        return f"{self.priority}: {self.target}"

    @property
    def target(self):
        for name in self.TARGETS:
            value = getattr(self, name)
            if value is not None:
                return value
        return None
