"""The office's forms for the register of people."""

from django import forms
from django.core import validators
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.models import Person, Village

MIN_BIRTH_YEAR = 1900


class PersonForm(forms.ModelForm):
    """A person's record as the clerk types it from a paper or at the counter."""

    consent = forms.ChoiceField(
        label=_("Consent to storing the data"),
        choices=Person.Consent.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Ask the person first: their data are kept by the ayil okmotu only to serve them "
            "and are never published."
        ),
    )

    class Meta:
        model = Person
        fields = ("full_name", "village", "address", "sex", "birth_year", "phone", "consent")
        labels = {
            "full_name": _("Full name"),
            "village": _("Village"),
            "address": _("Address"),
            "sex": _("Sex"),
            "birth_year": _("Birth year"),
            "phone": _("Phone"),
        }
        help_texts = {"phone": _("Optional. For example 0555 123 456.")}
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].empty_label = "—"
        self.fields["birth_year"].min_value = MIN_BIRTH_YEAR
        self.fields["birth_year"].max_value = timezone.localdate().year
        self.fields["birth_year"].validators = [
            validators.MinValueValidator(
                MIN_BIRTH_YEAR,
                _("The birth year cannot be before %(limit_value)s."),
            ),
            validators.MaxValueValidator(
                timezone.localdate().year, _("The birth year cannot be in the future.")
            ),
        ]

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, phone or village"), required=False, max_length=100, strip=True
    )
    village = forms.ModelChoiceField(
        label=_("Village"), required=False, queryset=Village.objects.all(), empty_label="—"
    )


class PersonChoiceField(forms.ModelChoiceField):
    """A person from the register, for a paper entered on their behalf (optional)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("From the register of people"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Choose the person if they are in the register; else write the name.")
        )
        super().__init__(queryset=Person.objects.select_related("village"), **kwargs)

    def label_from_instance(self, obj):
        details = ", ".join(str(x) for x in (obj.village, obj.birth_year) if x)
        return f"{obj.full_name} ({details})" if details else obj.full_name
