from django import forms
from django.utils.translation import gettext_lazy as _

from municipality.models import Notice
from municipality.selectors.notices import SEARCH_MAX_LENGTH
from municipality.uploads import DOCUMENT_TYPES, CheckedMultipleFileField


class NoticeFilterForm(forms.Form):
    """The board's search box and category filter; bad values are simply ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories"))] + list(Notice.Category.choices),
    )


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class NoticeForm(forms.ModelForm):
    """Create or edit a notice, in Kyrgyz and Russian, with attachments."""

    attachments = CheckedMultipleFileField(
        label=_("Attachments"),
        required=False,
        allowed=DOCUMENT_TYPES,
        help_text=_("PDF, JPEG or PNG, at most 10 MB each. You may choose several files."),
    )

    class Meta:
        model = Notice
        fields = (
            "title_ky",
            "title_ru",
            "body_ky",
            "body_ru",
            "category",
            "publish_at",
            "expire_at",
            "event_at",
            "place_ky",
            "place_ru",
        )
        labels = {
            "title_ky": _("Title in Kyrgyz"),
            "title_ru": _("Title in Russian"),
            "body_ky": _("Text in Kyrgyz"),
            "body_ru": _("Text in Russian"),
            "place_ky": _("Place in Kyrgyz"),
            "place_ru": _("Place in Russian"),
            "category": _("Category"),
            "publish_at": _("Publish at"),
            "expire_at": _("Expires at"),
            "event_at": _("Event date"),
        }
        help_texts = {
            "publish_at": _("Leave empty to publish at once. A future time schedules the notice."),
            "expire_at": _("After this time the notice leaves the board. Leave empty to keep it."),
        }
        widgets = {
            "body_ky": forms.Textarea(attrs={"rows": 6}),
            "body_ru": forms.Textarea(attrs={"rows": 6}),
            "publish_at": DateTimeLocalInput(),
            "expire_at": DateTimeLocalInput(),
            "event_at": DateTimeLocalInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_ky"].required = True
        self.fields["body_ky"].required = True
        self.fields["publish_at"].required = False
        if self.instance.pk:
            self.fields["remove_attachments"] = forms.ModelMultipleChoiceField(
                label=_("Remove attachments"),
                required=False,
                queryset=self.instance.attachments.all(),
                widget=forms.CheckboxSelectMultiple,
            )

    def clean(self):
        cleaned = super().clean()
        publish_at, expire_at = cleaned.get("publish_at"), cleaned.get("expire_at")
        if publish_at and expire_at and expire_at <= publish_at:
            self.add_error("expire_at", _("The notice must expire after it is published."))
        return cleaned

    def _post_clean(self):
        # The service writes the model; skip ModelForm's instance validation and copy.
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}
