"""Forms of the commission: declaration, scores, paper score sheets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from municipality.limits import TEXT_MAX, validate_text_lines
from municipality.uploads import (
    CheckedFileField,
)


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest and will not score it")),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ScoreForm(forms.Form):
    """One value and one comment per criterion; built from the contest's criteria."""

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        initial_scores = initial_scores or {}
        for c in self.criteria:
            current = initial_scores.get(c.pk)
            self.fields[f"value_{c.pk}"] = forms.IntegerField(
                label=_("%(name)s (0–%(max)s, weight %(weight)s)")
                % {"name": c.name, "max": c.max_score, "weight": c.weight},
                min_value=0,
                max_value=c.max_score,
                required=False,
                initial=current.value if current else None,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=TEXT_MAX,
                validators=[validate_text_lines],
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.comment if current else "",
            )

    def values(self) -> dict:
        return {
            c.pk: (
                self.cleaned_data.get(f"value_{c.pk}"),
                self.cleaned_data.get(f"comment_{c.pk}", ""),
            )
            for c in self.criteria
        }

    def rows(self):
        return [(c, self[f"value_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]


class PaperSheetForm(ScoreForm):
    """A member's signed paper score sheet, copied by staff, with its scan."""

    member = forms.ModelChoiceField(label=_("Commission member"), queryset=None)
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest written on the sheet"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("no", _("No conflict")), ("yes", _("Conflict of interest"))],
        initial="no",
    )
    scan = CheckedFileField(label=_("Scan or photo of the signed sheet"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.order_fields(["member", "has_conflict", "scan"])
