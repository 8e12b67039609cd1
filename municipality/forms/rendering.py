"""Every form field gets the input a phone keyboard expects (settings.FORM_RENDERER).

One place for the whole project, so a new form cannot forget it: phone fields are
``type=tel`` with ``autocomplete=tel``, numbers get ``inputmode=numeric`` or ``decimal``,
e-mails and people's names their ``autocomplete`` token. Attributes a form sets itself win."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

# Field names that hold a person's name (not a group's or a project's).
PERSON_NAME_FIELDS = {"full_name", "author_name", "head_name", "contact_name", "applicant_name"}
ONE_TIME_CODE_FIELDS = {"code"}


def is_phone_field(name: str) -> bool:
    return "phone" in name.split("-")[-1]


def input_hints(name: str, field: forms.Field) -> dict:
    """The keyboard and autofill attributes for one field (empty for the rest)."""
    widget = field.widget
    kind = getattr(widget, "input_type", None)
    if kind in (None, "hidden", "file", "checkbox", "radio", "password", "select"):
        return {}
    if is_phone_field(name):
        return {"autocomplete": "tel", "inputmode": "tel"}
    if isinstance(field, forms.EmailField) or kind == "email":
        return {"autocomplete": "email"}
    if isinstance(field, (forms.DecimalField, forms.FloatField)):  # before: they are Integer
        return {"inputmode": "decimal"}
    if isinstance(field, forms.IntegerField):
        return {"inputmode": "numeric"}
    if name in PERSON_NAME_FIELDS:
        return {"autocomplete": "name"}
    if name in ONE_TIME_CODE_FIELDS:
        return {"autocomplete": "one-time-code", "inputmode": "numeric"}
    return {}


class PortalBoundField(BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        widget = field.widget
        if is_phone_field(name) and getattr(widget, "input_type", None) == "text":
            widget.input_type = "tel"  # the form's own deep copy of the field

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        for key, value in input_hints(self.name, self.field).items():
            if key not in attrs and key not in widget.attrs:
                attrs[key] = value
        return attrs


class PortalFormRenderer(DjangoTemplates):
    bound_field_class = PortalBoundField
