"""Subscription forms: which notices, to which address, in which language."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from municipality.models import Notice, Subscription
from municipality.services.subscriptions import phone_normalize


class SubscribeForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How to send"),
        choices=Subscription.Channel.choices,
        widget=forms.RadioSelect,
        initial=Subscription.Channel.EMAIL,
    )
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        help_text=_("For example 0555 123 456. SMS are sent in Cyrillic: 70 characters per SMS."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Notices"),
        choices=Notice.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Emergency notices are sent to every subscriber."),
    )
    # Notices are written in Kyrgyz and Russian, so messages go out in one of those.
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[(code, name) for code, name in settings.LANGUAGES if code in ("ky", "ru")],
    )

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        if channel == Subscription.Channel.EMAIL and not data.get("email"):
            self.add_error("email", _("Enter your e-mail address."))
        if channel == Subscription.Channel.SMS:
            try:
                data["phone"] = phone_normalize(phone=data.get("phone") or "")
            except ValidationError as error:
                self.add_error("phone", error)
        return data

    @property
    def address(self) -> str:
        data = self.cleaned_data
        return data["email"] if data["channel"] == Subscription.Channel.EMAIL else data["phone"]


class SubscriptionCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from the SMS"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("The code has six digits.")},
    )


class SubscriptionCategoriesForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Notices"),
        choices=Notice.Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
