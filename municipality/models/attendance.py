"""Who came to a meeting: one shape for every app (issue 13).

Plan gatherings and activities, budget hearings, initiative implementation reports and
monitoring visits each point here with a OneToOneField, so participation across the
municipality adds up (seed 000: participation by sex, age and village, to expose the
"duty activists" and villages that never come).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The age bands: under 18 / 18–29 / 30–59 / 60 and over.
# - 18 splits children from adults in every source: seed 003 reports children apart from
#   men and women, and both old schemas already cut at 18 (the plan's "under 18", the
#   hearings' "18–29").
# - 18–29, 30–59 and 60+ are unions of the five-year age groups in which the National
#   Statistical Committee (Нацстатком) publishes population data (18–19 aside), so a
#   band can be set against the village's population; 18–35 / 36–60 cut across the
#   35–39 and 60–64 groups. 60 and over is the UN "older persons" threshold, and the
#   youth of the Kyrgyz youth-policy law (14–28) falls inside under 18 + 18–29.
# - Hearing counts already use these bands, so they carry over exactly; the plan's
#   18–35 / 36–60 / over 60 cannot be split without guessing and are kept in
#   `legacy_counts` instead (see the engagement_plan data migration).
AGE_BANDS = (
    ("attendance_under_18", "under_18", _("under 18")),
    ("attendance_18_29", "aged_18_29", _("aged 18–29")),
    ("attendance_30_59", "aged_30_59", _("aged 30–59")),
    ("attendance_60_plus", "aged_60_plus", _("aged 60 and over")),
)
SEX = (
    ("attendance_women", "women", _("women")),
    ("attendance_men", "men", _("men")),
)
#: The plan's bands before issue 13, for rows whose counts are kept in `legacy_counts`.
LEGACY_AGE_BANDS = {"18_35": _("18–35"), "36_60": _("36–60"), "over_60": _("over 60")}
#: Input name (forms, services, error keys) → model field.
FIELDS = {"attendance_total": "total"} | {key: f for key, f, _label in (*SEX, *AGE_BANDS)}


class Attendance(models.Model):
    """How many people came to one meeting: total, by sex, by age band and by village.

    Each breakdown may be partial (not everyone is asked), but none may add up to more
    than the total; `municipality.services.attendance_check` holds the rules.
    """

    held_on = models.DateField(_("date"), null=True, blank=True, db_index=True)
    #: "<app_label>.<model>" of the meeting that points here, for the statistics.
    source = models.CharField(_("kind of meeting"), max_length=60, blank=True, db_index=True)
    total = models.PositiveIntegerField(_("participants, total"), null=True, blank=True)
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    under_18 = models.PositiveIntegerField(_("under 18"), null=True, blank=True)
    aged_18_29 = models.PositiveIntegerField(_("aged 18–29"), null=True, blank=True)
    aged_30_59 = models.PositiveIntegerField(_("aged 30–59"), null=True, blank=True)
    aged_60_plus = models.PositiveIntegerField(_("aged 60 and over"), null=True, blank=True)
    #: Counts recorded before issue 13 that have no exact place in the bands above, e.g.
    #: {"age_bands": {"18_35": 12, "36_60": 20, "over_60": 5}}; shown, never redistributed.
    legacy_counts = models.JSONField(_("counts in earlier age bands"), default=dict, blank=True)

    SEX_FIELDS = tuple(f for _key, f, _label in SEX)
    AGE_FIELDS = tuple(f for _key, f, _label in AGE_BANDS)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return f"{self.source} {self.held_on or ''}: {self.total}"

    @property
    def legacy_age_bands(self) -> list[tuple[str, int]]:
        """The earlier plan bands still held, as (label, count) for pages and PDFs."""
        kept = (self.legacy_counts or {}).get("age_bands") or {}
        return [(label, kept[key]) for key, label in LEGACY_AGE_BANDS.items() if key in kept]

    @property
    def by_village(self) -> dict[str, int]:
        """Village pk (as text) → people, as the plan's JSON used to hold it."""
        return {str(row.village_id): row.count for row in self.villages.all()}

    def values(self) -> dict:
        """The counts under their input names (`attendance_total`, `attendance_women`…)."""
        return {key: getattr(self, field) for key, field in FIELDS.items()}


class AttendanceVillage(models.Model):
    """How many of the participants came from one village of the municipality."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="villages")
    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        ordering = ["village__order", "village__name"]
        verbose_name = _("participants from a village")
        verbose_name_plural = _("participants by village")
        constraints = [
            models.UniqueConstraint(
                fields=["attendance", "village"], name="municipality_attendance_village_unique"
            ),
        ]

    def __str__(self):
        return f"{self.village}: {self.count}"
