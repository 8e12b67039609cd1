"""What the initiatives forms share: dates, rows of a formset, estimate limits."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
ESTIMATE_TOO_LARGE = _(
    "Quantity × unit price is over %(max)s som, more than an estimate line can hold. "
    "Check the quantity and the unit price."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RowForm(forms.Form):
    """A row of a table-like formset: compact inputs labelled for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else "form-control form-control-sm"
            )
            if field.widget.is_hidden:
                continue
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("aria-label", str(field.label))

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
