from django import forms
from django.utils.translation import gettext_lazy as _

from municipality.limits import validate_text_lines
from municipality.models import LocalIssue
from municipality.selectors.local_issues import local_issue_references
from municipality.services.legal_list import LEGAL_LIST_MAX_BYTES, legal_list_parse

PRIORITY_CHOICES = [
    (1, _("1 — highest")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 — lowest")),
]


class LocalIssueForm(forms.ModelForm):
    """One entry of the municipality's list: a legal-list item or 'other', with its own words."""

    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=PRIORITY_CHOICES, coerce=int, initial=3
    )

    class Meta:
        model = LocalIssue
        fields = (
            "reference",
            "title_ky",
            "title_ru",
            "description_ky",
            "description_ru",
            "priority",
        )
        labels = {
            "reference": _("Item of the legal list"),
            "title_ky": _("Title in Kyrgyz"),
            "title_ru": _("Title in Russian"),
            "description_ky": _("Description in Kyrgyz"),
            "description_ru": _("Description in Russian"),
        }
        help_texts = {
            "title_ky": _("Leave empty to use the wording of the legal list."),
            "description_ky": _("What this issue means in our villages, in a few sentences."),
        }
        widgets = {
            "description_ky": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reference = self.fields["reference"]
        reference.queryset = local_issue_references()
        reference.required = False
        reference.empty_label = _("Other (not on the legal list)")
        reference.label_from_instance = lambda item: f"{item.number}. {item.title}"

    def _post_clean(self):
        # The service writes the model and checks the title; keep ModelForm out of it.
        pass

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        for name in ("title_ky", "title_ru", "description_ky", "description_ru"):
            data[name] = data[name] or ""
        return data


class LocalIssueListPublishForm(forms.Form):
    note = forms.CharField(
        validators=[validate_text_lines],
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: reviewed at the village gathering of 12 May."),
    )


class LegalListUploadForm(forms.Form):
    """A new version of the legal list: a text or CSV file and the law it comes from."""

    file = forms.FileField(
        label=_("File of the legal list"),
        help_text=_(
            "A text or CSV file in UTF-8, one item a line: number;title in Kyrgyz;title in "
            "Russian (or «1. title»)."
        ),
    )
    source = forms.CharField(
        label=_("Source in Kyrgyz"),
        max_length=300,
        help_text=_("The law, its date and number, and the article."),
    )
    source_ru = forms.CharField(label=_("Source in Russian"), max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > LEGAL_LIST_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s KB.")
                % {"size": LEGAL_LIST_MAX_BYTES // 1024}
            )
        self.cleaned_data["items"] = legal_list_parse(data=upload.read())
        return upload
