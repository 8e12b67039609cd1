"""The application form with its activities and estimate, paper receipt, eligibility."""

from django import forms
from django.utils.translation import gettext_lazy as _

from municipality.limits import TEXT_MAX, check_amount, validate_text_lines
from municipality.phones import phone_parse
from municipality.uploads import (
    DOCUMENT_TYPES,
    CheckedMultipleFileField,
)

from ..models import Application, Contest
from .common import CENT, ESTIMATE_TOO_LARGE, DateInput, RowForm


class ApplicationForm(forms.ModelForm):
    attachments = CheckedMultipleFileField(
        label=_("Attachments (PDF, JPEG, PNG; up to 10 MB each)"),
        required=False,
        allowed=DOCUMENT_TYPES,
    )

    class Meta:
        model = Application
        fields = [
            "kind",
            "organisation",
            "group_members",
            "title",
            "local_issues",
            "village",
            "problem",
            "beneficiaries_count",
            "beneficiaries_who",
            "requested_sum",
            "contribution_cash",
            "contribution_goods",
            "contribution_ashar",
            "contribution_sponsors",
            "contact_phone",
            "contact_email",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "local_issues": forms.CheckboxSelectMultiple,
            "group_members": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        directions = contest.directions.all()
        self.fields["local_issues"].queryset = directions
        self.fields["local_issues"].label = _("Direction (local issue)")
        self.fields["contact_phone"].help_text = _("Seen only by the ayil okmotu staff.")
        for index, question in enumerate(contest.questions or []):
            self.fields[f"q_{index}"] = forms.CharField(
                label=question,
                required=False,
                max_length=TEXT_MAX,
                validators=[validate_text_lines],
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if self.instance.pk:
                self.fields[f"q_{index}"].initial = (self.instance.answers or {}).get(
                    str(index), ""
                )

    def clean_contact_phone(self):
        raw = (self.cleaned_data.get("contact_phone") or "").strip()
        if not raw:
            return ""
        phone = phone_parse(raw=raw)
        if phone is None:
            raise forms.ValidationError(_("Enter a phone number such as 0555 123 456."))
        return phone

    def clean_requested_sum(self):
        value = self.cleaned_data["requested_sum"]
        if value is not None and value > self.contest.max_per_project:
            raise forms.ValidationError(
                _("The requested sum is over the maximum per project (%(max)s som)."),
                params={"max": self.contest.max_per_project},
            )
        return value

    def service_fields(self) -> dict:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("local_issues", "attachments") and not k.startswith("q_")
        }
        data["answers"] = {
            str(i): self.cleaned_data.get(f"q_{i}", "")
            for i in range(len(self.contest.questions or []))
        }
        return data


class ActivityForm(RowForm):
    description = forms.CharField(label=_("Activity"), max_length=500, required=False)
    starts_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end is before the start."))
        return data


class EstimateLineForm(RowForm):
    item = forms.CharField(label=_("Item"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    unit_price = forms.DecimalField(
        label=_("Unit price, som"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    total = forms.DecimalField(
        label=_("Total, som"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to compute it."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("item"):
            return data
        if data.get("quantity") is None:
            self.add_error("quantity", _("Enter the quantity."))
        if data.get("unit_price") is None:
            self.add_error("unit_price", _("Enter the unit price."))
        if self.errors:
            return data
        computed = (data["quantity"] * data["unit_price"]).quantize(CENT)
        try:
            check_amount(computed, message=ESTIMATE_TOO_LARGE)
        except forms.ValidationError as error:
            self.add_error("total", error)
            return data
        if data.get("total") is not None and data["total"] != computed:
            self.add_error(
                "total",
                forms.ValidationError(
                    _("Quantity × unit price is %(computed)s, not %(total)s."),
                    params={"computed": computed, "total": data["total"]},
                ),
            )
        return data


def activity_formset(*, data=None, initial=()):
    # A bound formset must not compare with initial rows: unchanged rows would be dropped.
    initial = [] if data is not None else list(initial)
    cls = forms.formset_factory(ActivityForm, extra=max(2, 4 - len(initial)))
    return cls(data=data, initial=initial, prefix="act")


def estimate_formset(*, data=None, initial=()):
    initial = [] if data is not None else list(initial)
    cls = forms.formset_factory(EstimateLineForm, extra=max(2, 5 - len(initial)))
    return cls(data=data, initial=initial, prefix="est")


class PaperReceiptForm(forms.Form):
    """The paper itself: when it came and its number in the register of incoming papers."""

    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    incoming_number = forms.CharField(
        label=_("Incoming number"),
        max_length=30,
        help_text=_("The number written in the register of incoming papers."),
    )
    late_reason = forms.CharField(
        label=_("Reason for accepting it after the deadline"),
        required=False,
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Outcome"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Eligible")), ("no", _("Not eligible"))],
    )
    reason = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Reason (the applicant sees it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
