from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from municipality.forms.attendance import AttendanceFormMixin
from municipality.forms.people import PersonChoiceField
from municipality.i18n import KyrgyzFieldsFormMixin
from municipality.limits import TEXT_MAX, validate_link, validate_text_lines
from municipality.models import LocalIssue, Role
from municipality.uploads import CheckedFileField

from .models import BudgetCategory, BudgetLine, Hearing, Proposal

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} · {obj.category.code} {obj.category.name}"


class LineMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return (
            f"{obj.year} · {obj.category.get_kind_display()} · {obj.category.code} "
            f"{obj.category.name}"
        )


class HearingForm(KyrgyzFieldsFormMixin, forms.ModelForm):
    materials_lines = LineMultipleChoiceField(
        label=_("Budget lines in the materials"),
        queryset=BudgetLine.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Hearing
        fields = [
            "kind",
            "fiscal_year",
            "starts_at",
            "village",
            "address_ky",
            "address_ru",
            "agenda_ky",
            "agenda_ru",
            "responsible",
            "materials_lines",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "agenda_ky": forms.Textarea(attrs={"rows": 4}),
            "agenda_ru": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "address_ky": _("Address (Kyrgyz)"),
            "address_ru": _("Address (Russian)"),
            "agenda_ky": _("Agenda (Kyrgyz)"),
            "agenda_ru": _("Agenda (Russian)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=(Role.STAFF, Role.HEAD))
            .distinct()
            .order_by("full_name")
        )
        self.fields["materials_lines"].queryset = BudgetLine.objects.select_related(
            "category"
        ).order_by("-year", "category__kind", "category__order", "category__code")
        self.fields["address_ru"].required = False
        self.fields["agenda_ru"].required = False


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = CheckedFileField(label=_("File (PDF, JPEG or PNG)"))


class ProposalForm(forms.Form):
    text = forms.CharField(
        validators=[validate_text_lines],
        label=_("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    budget_line = LineChoiceField(
        label=_("Budget line it concerns"), queryset=BudgetLine.objects.none(), required=False
    )
    local_issue = forms.ModelChoiceField(
        label=_("Local issue it concerns"), queryset=LocalIssue.objects.none(), required=False
    )

    def __init__(self, *args, hearing: Hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = (
            BudgetLine.objects.filter(year=hearing.fiscal_year)
            .select_related("category")
            .order_by("category__kind", "category__order", "category__code")
        )
        self.fields["local_issue"].queryset = LocalIssue.objects.filter(is_active=True)


class PaperProposalForm(ProposalForm):
    person = PersonChoiceField()
    author_name = forms.CharField(
        label=_("Name of the person who proposed it"), max_length=200, required=False
    )
    source = forms.ChoiceField(
        label=_("Received"),
        choices=[
            (Proposal.Source.PAPER, Proposal.Source.PAPER.label),
            (Proposal.Source.ORAL, Proposal.Source.ORAL.label),
        ],
    )
    field_order = ["person", "author_name", "source", "text", "budget_line", "local_issue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Proposal")


class HoldForm(AttendanceFormMixin, forms.Form):
    discussion = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Course of the discussion"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

    def __init__(self, *args, hearing: Hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attendance_fields(attendance=hearing.attendance, require_total=True)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in Proposal.Decision.choices if c[0]],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        validators=[validate_text_lines],
        label=_("Reason (required when rejected)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )


class CategoryForm(KyrgyzFieldsFormMixin, forms.ModelForm):
    class Meta:
        model = BudgetCategory
        fields = ["kind", "code", "name_ky", "name_ru", "parent", "order"]
        labels = {"name_ky": _("Name (Kyrgyz)"), "name_ru": _("Name (Russian)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ru"].required = False


class LineForm(KyrgyzFieldsFormMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "category", "planned", "actual", "note_ky", "note_ru"]
        widgets = {
            "note_ky": forms.Textarea(attrs={"rows": 2}),
            "note_ru": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"note_ky": _("Note (Kyrgyz)"), "note_ru": _("Note (Russian)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note_ru"].required = False


class LinkForm(forms.Form):
    label = forms.CharField(label=_("What it financed (Kyrgyz)"), max_length=300)
    label_ru = forms.CharField(
        label=_("What it financed (Russian)"), max_length=300, required=False
    )
    url = forms.CharField(
        label=_("Link to the initiative, plan activity or page"),
        max_length=500,
        required=False,
        help_text=_("An address on this portal (/ky/initiatives/…) or a full https:// address."),
    )

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        validate_link(url)
        return url


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("First row exactly: year,kind,code,category,planned,actual"),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding"),
        choices=[
            ("auto", _("Detect (UTF-8, otherwise Windows-1251)")),
            ("utf-8", "UTF-8"),
            ("windows-1251", "Windows-1251"),
        ],
        initial="auto",
    )
    replace = forms.BooleanField(
        label=_("Replace existing lines of the same year and code"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large: a budget CSV is under 2 MB."))
        return upload
