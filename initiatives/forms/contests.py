"""Forms of the office for contests: the contest, criteria, commission, signatures."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from municipality.i18n import KyrgyzFieldsFormMixin
from municipality.limits import TEXT_MAX, validate_text_lines
from municipality.models import LocalIssue, OfficialDocument, User
from municipality.uploads import (
    DOCUMENT_TYPES,
    CheckedFileField,
    CheckedMultipleFileField,
)

from ..models import Contest
from .common import DateInput, RowForm


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


class ProtocolSignatureForm(forms.Form):
    """A member's signature on the paper protocol, recorded by staff with its scan."""

    member = forms.ModelChoiceField(label=_("Commission member"), queryset=None)
    scan = CheckedFileField(label=_("Scan or photo of the signed protocol"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
