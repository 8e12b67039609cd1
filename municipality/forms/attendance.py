"""The attendance fields every meeting form uses (issue 13); shown by one include.

Templates render the form's other fields, then
`{% include "includes/attendance_fields.html" %}`, which lays out the total, the counts
by sex, by age band and by village.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..limits import COUNT_MAX
from ..models import Attendance, Village
from ..models.attendance import AGE_BANDS, SEX


class AttendanceFormMixin:
    """Adds `attendance_*` fields (and one per village) to a form; call in `__init__`."""

    def add_attendance_fields(
        self, *, attendance: Attendance | None = None, require_total: bool = False
    ) -> None:
        existing = attendance.values() if attendance else {}
        self.fields["attendance_total"] = forms.IntegerField(
            label=_("Participants, total"),
            min_value=0,
            max_value=COUNT_MAX,
            required=require_total,
            initial=existing.get("attendance_total"),
        )
        for key, _field, label in (*SEX, *AGE_BANDS):
            self.fields[key] = forms.IntegerField(
                label=capfirst(label),
                min_value=0,
                max_value=COUNT_MAX,
                required=False,
                initial=existing.get(key),
            )
        self.villages = list(Village.objects.all())
        by_village = (
            {row.village_id: row.count for row in attendance.villages.all()} if attendance else {}
        )
        for village in self.villages:
            self.fields[f"attendance_village_{village.pk}"] = forms.IntegerField(
                label=_("From %(village)s") % {"village": village.name},
                min_value=0,
                max_value=COUNT_MAX,
                required=False,
                initial=by_village.get(village.pk),
            )
        self.attendance_legacy = attendance.legacy_age_bands if attendance else []

    def _attendance_names(self, keys):
        return [self[key] for key in keys if key in self.fields]

    @property
    def attendance_total_field(self):
        return self["attendance_total"]

    @property
    def attendance_sex_fields(self):
        return self._attendance_names(key for key, _f, _l in SEX)

    @property
    def attendance_age_fields(self):
        return self._attendance_names(key for key, _f, _l in AGE_BANDS)

    @property
    def attendance_village_fields(self):
        return [self[f"attendance_village_{v.pk}"] for v in self.villages]

    @property
    def other_fields(self):
        """The form's own fields, for templates that lay out the attendance apart."""
        return [bf for bf in self if not bf.name.startswith("attendance_")]

    def attendance_values(self) -> dict:
        """The counts under their input names, for `attendance_record(values=…)`."""
        data = self.cleaned_data
        keys = ("attendance_total", *(key for key, _f, _l in (*SEX, *AGE_BANDS)))
        return {key: data.get(key) for key in keys}

    def attendance_villages(self) -> dict:
        """Village → count, for `attendance_record(villages=…)`."""
        return {
            village: self.cleaned_data.get(f"attendance_village_{village.pk}") or 0
            for village in self.villages
        }
