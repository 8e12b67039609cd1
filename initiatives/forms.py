"""Forms validate shape only; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from municipality.forms.attendance import AttendanceFormMixin
from municipality.i18n import KyrgyzFieldsFormMixin
from municipality.limits import TEXT_MAX, check_amount, validate_text_lines
from municipality.models import LocalIssue, OfficialDocument, User
from municipality.phones import phone_parse
from municipality.uploads import (
    DOCUMENT_TYPES,
    IMAGE_TYPES,
    CheckedFileField,
    CheckedMultipleFileField,
)

from .models import Application, Contest

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


class ExtendWindowForm(forms.Form):
    window_closes = forms.DateField(label=_("New deadline"), widget=DateInput())


class ContestForm(KyrgyzFieldsFormMixin, forms.ModelForm):
    questions_text = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Extra questions of the application form"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One question per line."),
    )
    files = CheckedMultipleFileField(
        label=_("Terms of reference files"), required=False, allowed=DOCUMENT_TYPES
    )

    class Meta:
        model = Contest
        fields = [
            "title_ky",
            "title_ru",
            "description_ky",
            "description_ru",
            "resolution_number",
            "resolution_date",
            "resolution_document",
            "directions",
            "budget",
            "max_per_project",
            "own_contribution_percent",
            "window_opens",
            "window_closes",
            "terms_of_reference_ky",
            "terms_of_reference_ru",
            "required_attachments",
            "public_support_phase",
            "pass_mark",
            "quorum_numerator",
            "quorum_denominator",
        ]
        widgets = {
            "resolution_date": DateInput(),
            "window_opens": DateInput(),
            "window_closes": DateInput(),
            "directions": forms.CheckboxSelectMultiple,
            "description_ky": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
            "terms_of_reference_ky": forms.Textarea(attrs={"rows": 5}),
            "terms_of_reference_ru": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directions"].queryset = LocalIssue.objects.filter(is_active=True)
        self.fields["resolution_document"].queryset = OfficialDocument.objects.filter(
            kind=OfficialDocument.Kind.RESOLUTION
        )
        self.fields["title_ru"].label = _("title (Russian)")
        self.fields["description_ru"].label = _("description (Russian)")
        self.fields["terms_of_reference_ru"].label = _("terms of reference (Russian)")
        if self.instance.pk:
            self.fields["questions_text"].initial = "\n".join(self.instance.questions or [])
        self.fields["pass_mark"].required = False

    def clean_pass_mark(self):
        value = self.cleaned_data.get("pass_mark")
        return Decimal(0) if value is None else value

    def clean(self):
        data = super().clean()
        opens, closes = data.get("window_opens"), data.get("window_closes")
        if opens and closes and closes < opens:
            self.add_error("window_closes", _("The window must close after it opens."))
        budget, maximum = data.get("budget"), data.get("max_per_project")
        if budget is not None and maximum is not None and maximum > budget:
            self.add_error("max_per_project", _("The maximum cannot exceed the envelope."))
        den = data.get("quorum_denominator")
        num = data.get("quorum_numerator")
        if num is not None and den and num > den:
            self.add_error("quorum_numerator", _("The quorum cannot exceed the whole commission."))
        data["questions"] = [
            q.strip() for q in (data.get("questions_text") or "").splitlines() if q.strip()
        ]
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("directions", None)
        data.pop("files", None)
        data.pop("questions_text", None)
        return data


class CriterionForm(RowForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Criterion"), max_length=300)
    name_ru = forms.CharField(label=_("Criterion (Russian)"), max_length=300, required=False)
    weight = forms.DecimalField(
        label=_("Weight"), min_value=Decimal("0.01"), max_digits=5, decimal_places=2
    )
    max_score = forms.IntegerField(label=_("Maximum score"), min_value=1, max_value=100)
    order = forms.IntegerField(label=_("Order"), min_value=0, required=False)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True)


class CommissionMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    is_chair = forms.BooleanField(label=_("Chair"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("full_name")


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
