"""Filters of the document lists (municipality/views/documents.py)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.limits import COUNT_MAX
from municipality.models import OfficialDocument
from municipality.uploads import CheckedFileField


class DocumentFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *OfficialDocument.Kind.choices]
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]


class OfficeDocumentFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *OfficialDocument.Status.choices]


class PaperDocumentForm(forms.Form):
    """An order already signed on paper: its number, date and a scan (office)."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"))
    number = forms.IntegerField(label=gettext_lazy("Number"), min_value=1, max_value=COUNT_MAX)
    date = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=500)
    signer_name = forms.CharField(label=gettext_lazy("Signer"), max_length=200, required=False)
    signer_position = forms.CharField(
        label=gettext_lazy("Signer's position"), max_length=200, required=False
    )
    scan = CheckedFileField(
        label=gettext_lazy("Scan of the signed document"),
        help_text=gettext_lazy("PDF, JPEG or PNG, up to 10 MB."),
    )
    is_public = forms.BooleanField(
        label=gettext_lazy("Publish in the public registry"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            c for c in OfficialDocument.Kind.choices if c[0] != OfficialDocument.Kind.POSTER
        ]
