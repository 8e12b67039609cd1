"""Sign-up, log-in (rate limited), password reset and the person's own account page.

Every account page works on `request.user` only: there is no URL naming another person,
so a resident cannot reach anyone else's data.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import _get_ip, get_usage
from django_ratelimit.decorators import ratelimit

from municipality.backends import user_by_identifier
from municipality.forms.accounts import (
    CodeForm,
    LoginForm,
    PortalPasswordResetForm,
    ProfileForm,
    SignupForm,
)
from municipality.forms.errors import add_service_errors
from municipality.models import Person, Role
from municipality.permissions import is_administrator
from municipality.services.accounts import (
    CODE_ATTEMPTS,
    PROFILE_FIELDS,
    user_account_delete,
    user_phone_code_send,
    user_phone_confirm,
    user_profile_update,
    user_signup,
    user_signup_confirm,
)
from municipality.services.my_work import my_data_export
from municipality.services.people import (
    person_account_records,
    person_claim,
    person_signup_offer,
)

# Failed log-ins allowed per client address and per account before a lockout.
LOGIN_RATE = "10/10m"
SIGNUP_RATE = "10/h"
SIGNUP_CODE_RATE = "20/h"
PHONE_CODE_RATE = "10/h"
SIGNUP_PENDING = "signup_pending"
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


def _account_address_key(group, request):
    """One counter per (account, client address); the address as django-ratelimit sees it."""
    return f"{_account_key(group, request)}|{_get_ip(request)}"


def _login_usage(request, group, key, *, increment: bool):
    return get_usage(
        request, group=group, key=key, rate=LOGIN_RATE, method="POST", increment=increment
    )


def _login_counts(request, *, increment: bool) -> dict:
    """Failed log-ins in the window: per address, per (account, address), per account."""
    usages = {
        "address": _login_usage(request, "login-ip", "ip", increment=increment),
        "account_address": _login_usage(
            request, "login-account-ip", _account_address_key, increment=increment
        ),
        "account": _login_usage(request, "login-account", _account_key, increment=increment),
    }
    return {name: (u["count"] if u else 0) for name, u in usages.items()}


def _login_locked(request) -> bool:
    """Locked: LOGIN_RATE failures from this address, or for this account from this address.

    Failures for the account from other addresses lock only addresses that failed for it
    themselves: strangers guessing from many addresses get one guess each per window,
    while the owner, typing the right password from an address without recent failures,
    still gets in.
    """
    limit = int(LOGIN_RATE.split("/")[0])
    counts = _login_counts(request, increment=False)
    if counts["address"] >= limit or counts["account_address"] >= limit:
        return True
    return counts["account"] >= limit and counts["account_address"] > 0


class PortalLoginView(auth_views.LoginView):
    """Django's LoginView, locked after LOGIN_RATE failures (see `_login_locked`)."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if _login_locked(request):
            form = self.get_form()  # bound to what was typed, but never authenticated
            form._errors = ErrorDict()
            form.cleaned_data = {}
            form.add_error(None, LOCKOUT_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        _login_counts(self.request, increment=True)
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
    """The same answer for a new address and one already in use: "enter the code we sent".

    The owner of an address already in use is told so by message instead.
    """
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
            request.session[SIGNUP_PENDING] = {
                "user": user.pk if user else None,
                "by": "email" if data["email"] else "sms",
                "wrong": 0,
            }
            return redirect("municipality:signup-code")
    return render(request, "registration/signup.html", {"form": form})


@ratelimit(key="ip", rate=SIGNUP_CODE_RATE, method="POST", block=True)
@never_cache
def signup_code(request):
    """Type the code sent at sign-up; a right code activates the account and logs in."""
    pending = request.session.get(SIGNUP_PENDING)
    if request.user.is_authenticated:
        return redirect("municipality:account")
    if not isinstance(pending, dict):
        return redirect("municipality:signup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if pending.get("wrong", 0) >= CODE_ATTEMPTS:
                raise PermissionDenied
            if not pending.get("user"):
                raise ValidationError({"code": _("The code is not right.")})
            user = user_signup_confirm(user_id=pending["user"], code=form.cleaned_data["code"])
        except ValidationError as exc:
            pending["wrong"] = pending.get("wrong", 0) + 1
            request.session[SIGNUP_PENDING] = pending
            add_service_errors(form, exc)
        except PermissionDenied:
            request.session.pop(SIGNUP_PENDING, None)
            messages.error(
                request, _("Too many wrong codes, or the code is too old. Start again.")
            )
            return redirect("municipality:signup")
        else:
            request.session.pop(SIGNUP_PENDING, None)
            login(request, user, backend="municipality.backends.IdentifierBackend")
            messages.success(
                request,
                _("Welcome! Your account is ready. Your username is %(username)s.")
                % {"username": user.username},
            )
            if person_signup_offer(user=user):
                return redirect("municipality:signup-join")
            return redirect("municipality:account")
    return render(
        request,
        "registration/signup_code.html",
        {"form": form, "by_email": pending.get("by") == "email"},
    )


@login_required
def account(request):
    user = request.user
    roles = [label for value, label in Role.choices if user.has_role(value)]
    person, claimable = person_account_records(user=user)
    return render(
        request,
        "municipality/account.html",
        {
            "account": user,
            "roles": roles,
            "is_administrator": is_administrator(user),
            "village": user.village,
            "language_name": dict(settings.LANGUAGES).get(user.language, user.language),
            "claimable": claimable,
            "person": person,
        },
    )


@login_required
@never_cache
def account_delete(request):
    """Delete one's own account after typing the password (asks first)."""
    error = ""
    if request.method == "POST":
        try:
            user_account_delete(user=request.user, password=request.POST.get("password", ""))
        except ValidationError as exc:
            error = exc.messages[0]
        except PermissionDenied as exc:
            error = str(exc)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted."))
            return redirect("municipality:home")
    return render(
        request,
        "municipality/account_delete.html",
        {"error": error},
        status=400 if error else 200,
    )


@login_required
@never_cache
def account_export(request):
    """The person's own data as a JSON file."""
    data = my_data_export(user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@never_cache
def signup_join(request):
    """The last step of a sign-up by phone: join the office's record with this phone (or not)."""
    offer = person_signup_offer(user=request.user)
    if not offer:
        return redirect("municipality:account")
    if request.method == "POST":
        chosen = [p for p in offer if str(p.pk) == request.POST.get("person", "")]
        if request.POST.get("action") == "claim" and chosen:
            person_claim(user=request.user, person=chosen[0])
            messages.success(
                request,
                _("Your record in the register is joined: your papers are now in your account."),
            )
        else:
            messages.info(
                request,
                _("The record is not joined. You can join it later on your account page."),
            )
        return redirect("municipality:account")
    return render(request, "registration/signup_join.html", {"offer": offer})


@login_required
@require_POST
def account_claim(request):
    """Claim one's record in the register of people (same phone, confirmed by a code)."""
    pk = request.POST.get("person", "")
    person = get_object_or_404(Person, pk=int(pk) if pk.isdigit() and len(pk) <= 12 else 0)
    try:
        person_claim(user=request.user, person=person)
    except PermissionDenied:
        messages.error(request, _("This record cannot be joined to your account."))
    else:
        messages.success(
            request,
            _("Your record in the register is joined: your papers are now in your account."),
        )
    return redirect("municipality:account")


@login_required
@ratelimit(key="user_or_ip", rate=PHONE_CODE_RATE, method="POST", block=True)
@never_cache
def account_phone(request):
    """Confirm the account's phone: send the code (action=send) or type it."""
    user = request.user
    if not user.phone or user.phone_confirmed_at:
        return redirect("municipality:account")
    form = CodeForm(request.POST if "code" in request.POST else None)
    if request.method == "POST":
        if request.POST.get("action") == "send":
            if user_phone_code_send(user=user):
                messages.success(
                    request, _("We have sent a code to %(phone)s.") % {"phone": user.phone}
                )
            else:
                messages.warning(
                    request,
                    _("A code was sent to this number a moment ago. Wait a little and try again."),
                )
            return redirect("municipality:account-phone")
        if form.is_valid():
            try:
                user_phone_confirm(user=user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                messages.error(request, str(exc))
                return redirect("municipality:account-phone")
            else:
                messages.success(request, _("Your phone number is confirmed."))
                return redirect("municipality:account")
    return render(request, "municipality/account_phone.html", {"form": form, "account": user})


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
            target = "municipality:account"
            if user.phone and not user.phone_confirmed_at:
                # A new number: its code goes out now, and the next page asks for it.
                user_phone_code_send(user=user)
                target = "municipality:account-phone"
            language = user.language
            with translation.override(language):
                messages.success(request, _("Your profile is saved."))
            url = translate_url(reverse(target), language)
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
    form_class = PortalPasswordResetForm
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
