"""Problems named and ranked at a needs assessment meeting."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from municipality.limits import LONG_TEXT

from .assessments import Assessment
from .priorities import Priority


class Problem(models.Model):
    """A problem named at an assessment meeting, with its causes, consequences and rank.

    Two problems of one meeting may share a rank: a tie is recorded as a tie.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="problems")
    title = models.CharField(_("problem"), max_length=300)
    causes = models.TextField(_("causes"), **LONG_TEXT, blank=True)
    consequences = models.TextField(_("consequences"), **LONG_TEXT, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"))
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    priority = models.ForeignKey(
        Priority,
        verbose_name=_("priority in the register"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
    )

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self):
        return self.title
