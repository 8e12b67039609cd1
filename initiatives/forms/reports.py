"""The winners' implementation reports with spending."""

from django import forms
from django.utils.translation import gettext_lazy as _

from municipality.forms.attendance import AttendanceFormMixin
from municipality.limits import TEXT_MAX, validate_text_lines
from municipality.uploads import (
    IMAGE_TYPES,
    CheckedMultipleFileField,
)

from .common import RowForm


class ReportForm(AttendanceFormMixin, forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photos = CheckedMultipleFileField(label=_("Photos"), required=False, allowed=IMAGE_TYPES)

    def __init__(self, *args, attendance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attendance_fields(attendance=attendance)


class SpendingForm(RowForm):
    item = forms.CharField(
        label=_("Item"), max_length=300, widget=forms.TextInput(attrs={"readonly": True})
    )
    planned = forms.DecimalField(
        label=_("Planned, som"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"readonly": True}),
    )
    spent = forms.DecimalField(label=_("Spent, som"), max_digits=12, decimal_places=2, min_value=0)


def spending_formset(*, data=None, initial=()):
    cls = forms.formset_factory(SpendingForm, extra=0)
    return cls(data=data, initial=list(initial), prefix="sp")  # rows are initial forms: kept
