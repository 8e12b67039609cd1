"""Sign-up, log-in and profile forms. Writes go through municipality.services.accounts."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.models import User, Village
from municipality.phones import phone_is_valid, phone_normalize
from municipality.ratelimits import destination_allow

MIN_BIRTH_YEAR = 1900
MIN_AGE = 14


def _birth_year_field():
    this_year = timezone.localdate().year
    return forms.IntegerField(
        label=_("Birth year"),
        required=False,
        min_value=MIN_BIRTH_YEAR,
        max_value=this_year - MIN_AGE,
        help_text=_("For example 1985."),
    )


class _PersonFieldsMixin(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        help_text=_("For example 0555 123 456."),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *User.Sex.choices])
    village = forms.ModelChoiceField(
        label=_("Village"), required=False, queryset=Village.objects.all(), empty_label="—"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"] = _birth_year_field()
        self.order_fields(self.field_order)

    field_order: list[str] = []

    def clean_full_name(self):
        value = self.cleaned_data["full_name"].strip()
        if not value:
            raise forms.ValidationError(_("Enter your full name."))
        return value

    def clean_phone(self):
        """Checked with the other fields (it was only checked after the password was fixed)."""
        value = (self.cleaned_data.get("phone") or "").strip()
        if value and not phone_is_valid(phone=phone_normalize(raw=value)):
            raise forms.ValidationError(_("Enter a phone number such as 0555 123 456."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.errors.get("email") and not self.errors.get("phone"):
            if not cleaned.get("email") and not (cleaned.get("phone") or "").strip():
                raise forms.ValidationError(
                    _("Give an e-mail address or a phone number (or both).")
                )
        return cleaned


class SignupForm(_PersonFieldsMixin):
    field_order = [
        "full_name",
        "email",
        "phone",
        "username",
        "password1",
        "password2",
        "sex",
        "birth_year",
        "village",
    ]

    username = forms.RegexField(
        label=_("Username (optional)"),
        required=False,
        max_length=30,
        regex=r"^[A-Za-z0-9_.]+$",
        error_messages={"invalid": _("Use Latin letters, digits, dots and underscores only.")},
        help_text=_(
            "Leave empty and we will make one for you. You can also log in with your "
            "e-mail or phone."
        ),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits, not a common word."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            probe = User(
                username=cleaned.get("username") or "",
                full_name=cleaned.get("full_name") or "",
                email=cleaned.get("email") or "",
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ProfileForm(_PersonFieldsMixin):
    field_order = [
        "full_name",
        "email",
        "phone",
        "language",
        "sex",
        "birth_year",
        "village",
    ]

    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)


class LoginForm(AuthenticationForm):
    """Django's log-in form with a label saying what may be typed."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username, e-mail or phone")
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254
        self.error_messages["invalid_login"] = _(
            "The username, e-mail or phone and the password do not match an account."
        )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("The code has six digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset form; a reset link goes to one address at most as often as any code."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        if not destination_allow("email", to_email):
            return
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name=html_email_template_name,
        )
