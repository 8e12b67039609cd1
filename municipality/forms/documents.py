"""Filters of the document lists (municipality/views/documents.py)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.models import OfficialDocument


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
