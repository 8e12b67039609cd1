"""Sign-up, log-in (rate limited), password reset and the person's own account page.

Every account page works on `request.user` only: there is no URL naming another person,
so a resident cannot reach anyone else's data.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from municipality.backends import user_by_identifier
from municipality.forms.accounts import LoginForm, ProfileForm, SignupForm
from municipality.forms.errors import add_service_errors
from municipality.models import Role
from municipality.permissions import is_administrator
from municipality.services.accounts import PROFILE_FIELDS, user_profile_update, user_signup

# Failed log-ins allowed per client address and per account before a lockout.
LOGIN_RATE = "10/10m"
SIGNUP_RATE = "10/h"
PASSWORD_RESET_RATE = "5/15m"

LOCKOUT_MESSAGE = gettext_lazy(
    "Too many failed attempts to log in. For your safety logging in is locked for "
    "10 minutes. Please wait and try again, or reset your password."
)


def _account_key(group, request):
    """One counter per account, whichever of username, e-mail or phone was typed."""
    typed = (request.POST.get("username") or "").strip()[:254]
    user = user_by_identifier(typed)
    return f"user:{user.pk}" if user else f"name:{typed.lower()}"


def _login_usages(request, *, increment: bool):
    return [
        get_usage(
            request,
            group="login-ip",
            key="ip",
            rate=LOGIN_RATE,
            method="POST",
            increment=increment,
        ),
        get_usage(
            request,
            group="login-account",
            key=_account_key,
            rate=LOGIN_RATE,
            method="POST",
            increment=increment,
        ),
    ]


class PortalLoginView(auth_views.LoginView):
    """Django's LoginView, locked after LOGIN_RATE failures per address or per account."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if any(u and u["count"] >= u["limit"] for u in _login_usages(request, increment=False)):
            form = self.get_form()  # bound to what was typed, but never authenticated
            form._errors = ErrorDict()
            form.cleaned_data = {}
            form.add_error(None, LOCKOUT_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        _login_usages(self.request, increment=True)
        return super().form_invalid(form)

    def get_default_redirect_url(self):
        """Without ?next=, the start page ("My work") in the person's preferred language."""
        return translate_url(reverse(settings.LOGIN_REDIRECT_URL), self.request.user.language)

    def form_valid(self, form):
        response = super().form_valid(form)
        _set_language_cookie(response, self.request.user.language)
        return response


def _set_language_cookie(response, language):
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


@ratelimit(key="ip", rate=SIGNUP_RATE, method="POST", block=True)
@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect("municipality:account")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_signup(
                full_name=data["full_name"],
                password=data["password1"],
                email=data["email"],
                phone=data["phone"],
                username=data["username"],
                sex=data["sex"],
                birth_year=data["birth_year"],
                village=data["village"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="municipality.backends.IdentifierBackend")
            messages.success(
                request,
                _("Welcome! Your account is ready. Your username is %(username)s.")
                % {"username": user.username},
            )
            return redirect("municipality:account")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def account(request):
    user = request.user
    roles = [label for value, label in Role.choices if user.has_role(value)]
    return render(
        request,
        "municipality/account.html",
        {
            "account": user,
            "roles": roles,
            "is_administrator": is_administrator(user),
            "village": user.village,
            "language_name": dict(settings.LANGUAGES).get(user.language, user.language),
        },
    )


@login_required
@never_cache
def account_edit(request):
    user = request.user
    initial = {f: getattr(user, f) for f in PROFILE_FIELDS}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(user=user, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            language = user.language
            with translation.override(language):
                messages.success(request, _("Your profile is saved."))
            url = translate_url(reverse("municipality:account"), language)
            response = redirect(url)
            _set_language_cookie(response, language)
            return response
    return render(request, "municipality/account_edit.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("municipality:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response


@method_decorator(
    ratelimit(key="ip", rate=PASSWORD_RESET_RATE, method="POST", block=True), name="post"
)
class PasswordResetView(auth_views.PasswordResetView):
    """Always answers the same 'check your e-mail' page, whether the account exists or not."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("municipality:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("municipality:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
