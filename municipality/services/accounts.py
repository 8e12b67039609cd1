"""Accounts: sign-up and profile edits of residents.

Log-in accepts a username, an e-mail address or a phone number (see municipality.backends);
phone numbers are stored in one normalised form (E.164, +996XXXXXXXXX for Kyrgyz numbers;
see municipality.phones) so that a person may type them with spaces, dashes or a leading 0.
"""

import re
import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from municipality.models import (
    AuditEntry,
    ConfirmationCode,
    OutboxMessage,
    Person,
    Subscription,
    User,
)
from municipality.phones import phone_is_valid, phone_normalize
from municipality.ratelimits import destination_allow

from .audit import audit_record
from .messages import message_render
from .outbox import absolute_url, message_queue

PROFILE_FIELDS = ("full_name", "email", "phone", "sex", "birth_year", "village", "language")


def email_taken(*, email: str, exclude: User | None = None) -> bool:
    """Whether another account already uses this e-mail (case-insensitive)."""
    qs = User.objects.filter(email__iexact=email)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return bool(email) and qs.exists()


def phone_taken(*, phone: str, exclude: User | None = None) -> bool:
    """Whether another account already uses this phone number."""
    qs = User.objects.filter(phone=phone)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return bool(phone) and qs.exists()


def username_taken(*, username: str) -> bool:
    """Whether an account already uses this username (case-insensitive)."""
    return User.objects.filter(username__iexact=username).exists()


def username_generate(*, email: str = "", phone: str = "", full_name: str = "") -> str:
    """A free, readable username: from the e-mail's local part, the name, or the phone."""
    base = ""
    if email:
        base = slugify(email.split("@", 1)[0])
    if not base and full_name:
        base = slugify(full_name)  # Cyrillic is dropped by slugify; then we fall through
    if not base and phone:
        base = "user" + re.sub(r"\D", "", phone)[-4:]
    base = (base or "user").replace("-", "_")[:20]
    candidate = base
    while username_taken(username=candidate):
        candidate = f"{base}{secrets.randbelow(9000) + 1000}"
    return candidate


def _check_unique(*, email: str, phone: str, exclude: User | None = None) -> None:
    errors = {}
    if email_taken(email=email, exclude=exclude):
        errors["email"] = _("An account with this e-mail address already exists.")
    if phone_taken(phone=phone, exclude=exclude):
        errors["phone"] = _("An account with this phone number already exists.")
    if errors:
        raise ValidationError(errors)


CODE_ATTEMPTS = 5
CODE_VALID = timedelta(days=1)
Purpose = ConfirmationCode.Purpose
Channel = OutboxMessage.Channel


def _code_hash(code: ConfirmationCode, value: str) -> str:
    return salted_hmac("confirmation-code", f"{code.pk}:{code.user_id}:{value}").hexdigest()


def _absolute(name: str, language: str) -> str:
    with translation.override(language):
        return absolute_url(path=reverse(name))


def confirmation_code_send(*, user: User, purpose: str, channel: str, address: str) -> bool:
    """Make a new six-digit code for `user` and queue it to `address`; False when not sent.

    Nothing is sent while the address is paused or at its daily maximum
    (`municipality.ratelimits.destination_allow`); an earlier code then stays valid.
    """
    if not destination_allow(channel, address):
        return False
    ConfirmationCode.objects.filter(user=user, purpose=purpose).delete()
    code = ConfirmationCode.objects.create(
        user=user, purpose=purpose, channel=channel, address=address
    )
    value = f"{secrets.randbelow(10**6):06d}"
    code.code_hash = _code_hash(code, value)
    code.save(update_fields=["code_hash"])
    event = "municipality.phone_code"
    if channel == Channel.EMAIL or purpose == Purpose.SIGNUP:
        event = "municipality.signup_code"
    text = message_render(
        event=event, context={"code": value, "username": user.username}, language=user.language
    )
    subject, body = (text.subject, text.body) if channel == Channel.EMAIL else ("", text.sms)
    message_queue(
        channel=channel,
        recipient=address,
        subject=subject,
        body=body,
        idempotency_key=f"code:{code.pk}",
        language=user.language,
    )
    return True


def confirmation_code_check(*, user: User, purpose: str, value: str) -> ConfirmationCode:
    """The valid code `value` of `user` for `purpose`, deleted once used.

    Raises ValidationError for a wrong code (counted) and PermissionDenied after
    CODE_ATTEMPTS wrong codes or when there is no valid code.
    """
    with transaction.atomic():
        code = (
            ConfirmationCode.objects.select_for_update()
            .filter(user=user, purpose=purpose, created_at__gt=timezone.now() - CODE_VALID)
            .first()
        )
        if code is None or code.attempts >= CODE_ATTEMPTS:
            raise PermissionDenied(_("Too many wrong codes, or the code is too old. Start again."))
        good = constant_time_compare(code.code_hash, _code_hash(code, (value or "").strip()))
        if good:
            code.delete()
            return code
        code.attempts += 1
        code.save(update_fields=["attempts"])
    raise ValidationError({"code": _("The code is not right.")})


def _already_have_account(user: User, *, channel: str) -> None:
    """Tell the owner that someone (perhaps they) tried to sign up with their address."""
    address = user.email if channel == Channel.EMAIL else user.phone
    if not destination_allow(channel, address):
        return
    language = user.language or "ky"
    login = _absolute("municipality:login", language)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    context = {"username": user.username, "login": login}
    if channel == Channel.EMAIL:
        context["reset"] = _absolute("municipality:password-reset", language)
    text = message_render(event="municipality.account_exists", context=context, language=language)
    subject, body = (text.subject, text.body) if channel == Channel.EMAIL else ("", text.sms)
    message_queue(
        channel=channel,
        recipient=address,
        subject=subject,
        body=body,
        idempotency_key=f"signup-exists:{user.pk}:{channel}:{stamp}",
        user=user,
        language=language,
    )


def _signup_check(*, email: str, phone: str, password: str, username: str, full_name: str):
    """Refuse a sign-up without an address, with a wrong phone or a weak password."""
    if not email and not phone:
        raise ValidationError(_("Give an e-mail address or a phone number (or both)."))
    if phone and not phone_is_valid(phone=phone):
        raise ValidationError({"phone": _("Enter a phone number such as 0555 123 456.")})
    probe = User(username=username, full_name=full_name.strip(), email=email)
    try:
        validate_password(password, probe)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc


def _signup_taken(*, email: str, phone: str, password: str) -> bool:
    """Whether an account has the address; its owner is told (the visitor is not)."""
    match = Q(pk__in=[])
    if email:
        match |= Q(email__iexact=email)
    if phone:
        match |= Q(phone=phone)
    # Sign-ups never confirmed: the new request replaces them.
    User.objects.filter(match, is_active=False, last_login__isnull=True).filter(
        confirmation_codes__purpose=Purpose.SIGNUP
    ).delete()
    existing = list(User.objects.filter(match))
    if not existing:
        return False
    User().set_password(password)  # hash anyway: the answer takes as long as a new one
    for owner in existing:
        if email and owner.email.lower() == email.lower():
            _already_have_account(owner, channel=Channel.EMAIL)
        if phone and owner.phone == phone and owner.phone_confirmed_at:
            _already_have_account(owner, channel=Channel.SMS)
    return True


@transaction.atomic
def user_signup(
    *,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
    username: str = "",
    sex: str = "",
    birth_year: int | None = None,
    village=None,
    language: str = "ky",
) -> User | None:
    """Ask for a resident's account; the answer never tells whether the address is in use.

    Raises ValidationError (per field) only for input that is wrong in itself. Otherwise:
    - the e-mail or phone belongs to an account: its owner is told "you already have an
      account" (by e-mail; by SMS only to a confirmed phone) and None is returned;
    - else an inactive account is made and a six-digit code sent to the e-mail (or, when
      there is none, by SMS to the phone); `user_signup_confirm` activates it. A taken
      username is replaced by a free one, which the code message names.
    An unconfirmed sign-up left with the same e-mail or phone is replaced.
    """
    email = (email or "").strip()
    phone = phone_normalize(raw=phone)
    username = (username or "").strip()
    _signup_check(
        email=email, phone=phone, password=password, username=username, full_name=full_name
    )
    if _signup_taken(email=email, phone=phone, password=password):
        return None
    if username and username_taken(username=username):
        username = ""
    user = User(
        username=username or username_generate(email=email, phone=phone, full_name=full_name),
        full_name=full_name.strip(),
        email=email,
        phone=phone,
        sex=sex or "",
        birth_year=birth_year,
        village=village,
        language=language,
        is_active=False,
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # a simultaneous sign-up took the phone or username
        return None
    channel, address = (Channel.EMAIL, email) if email else (Channel.SMS, phone)
    if not confirmation_code_send(
        user=user, purpose=Purpose.SIGNUP, channel=channel, address=address
    ):
        # Not sent (the address had a message a moment ago): keep a code that never
        # matches, so the next sign-up with this address replaces this one.
        ConfirmationCode.objects.create(
            user=user, purpose=Purpose.SIGNUP, channel=channel, address=address
        )
    return user


def signups_expired_delete(*, now=None) -> int:
    """Delete accounts of sign-ups never confirmed whose code expired; returns how many.

    Such an account never logged in and cannot be activated any more, so it holds no data
    of its own; deleting it frees its e-mail, phone and username.
    """
    now = now or timezone.now()
    expired = User.objects.filter(
        is_active=False,
        last_login__isnull=True,
        confirmation_codes__purpose=Purpose.SIGNUP,
        confirmation_codes__created_at__lte=now - CODE_VALID,
    )
    ids = list(expired.values_list("pk", flat=True).distinct())
    User.objects.filter(pk__in=ids).delete()
    return len(ids)


def user_signup_confirm(*, user_id: int, code: str) -> User:
    """Activate a sign-up with its code; a code that came by SMS confirms the phone too."""
    user = User.objects.filter(pk=user_id, is_active=False, last_login__isnull=True).first()
    if user is None:
        raise PermissionDenied(_("Too many wrong codes, or the code is too old. Start again."))
    used = confirmation_code_check(user=user, purpose=Purpose.SIGNUP, value=code)
    user.is_active = True
    fields = ["is_active"]
    if used.channel == Channel.SMS and used.address == user.phone:
        user.phone_confirmed_at = timezone.now()
        fields.append("phone_confirmed_at")
    if used.channel == Channel.EMAIL and used.address == user.email:
        user.email_confirmed_at = timezone.now()
        fields.append("email_confirmed_at")
    user.save(update_fields=fields)
    return user


def user_phone_code_send(*, user: User) -> bool:
    """Send a code to the account's unconfirmed phone; False when it was not sent now."""
    if not user.phone or user.phone_confirmed_at:
        return False
    return confirmation_code_send(
        user=user, purpose=Purpose.PHONE, channel=Channel.SMS, address=user.phone
    )


def user_phone_confirm(*, user: User, code: str) -> User:
    """Confirm the account's phone with the code sent to it."""
    used = confirmation_code_check(user=user, purpose=Purpose.PHONE, value=code)
    if used.address != user.phone:  # the phone changed after the code was sent
        raise ValidationError({"code": _("The code is not right.")})
    user.phone_confirmed_at = timezone.now()
    user.save(update_fields=["phone_confirmed_at"])
    return user


@transaction.atomic
def user_profile_update(*, user: User, actor: User, **data) -> User:
    """Edit a person's own profile. Only the person themselves may do it here.

    A changed phone number is unconfirmed until the code sent to it is typed
    (`user_phone_code_send`, `user_phone_confirm`).
    """
    if actor.pk != user.pk:
        raise PermissionDenied
    before = {f: getattr(user, f) for f in PROFILE_FIELDS}
    data["email"] = (data.get("email") or "").strip()
    data["phone"] = phone_normalize(raw=data.get("phone", ""))
    if not data["email"] and not data["phone"]:
        raise ValidationError(_("Give an e-mail address or a phone number (or both)."))
    if data["phone"] and not phone_is_valid(phone=data["phone"]):
        raise ValidationError({"phone": _("Enter a phone number such as 0555 123 456.")})
    _check_unique(email=data["email"], phone=data["phone"], exclude=user)
    if data["phone"] != user.phone:
        user.phone_confirmed_at = None  # a new number gets nothing until its code is typed
    if data["email"].lower() != (user.email or "").lower():
        user.email_confirmed_at = None
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field not in ("birth_year", "village"):
                value = ""
            setattr(user, field, value)
    user.save()
    changed = {
        f: (before[f], getattr(user, f)) for f in PROFILE_FIELDS if before[f] != getattr(user, f)
    }
    if changed and user.is_office:
        # Office holders' own changes are kept in the audit log; residents' are private.
        audit_record(actor=actor, obj=user, action=AuditEntry.Action.UPDATE, changes=changed)
    return user


#: Sent before an account is anonymised; apps delete what they need not keep (drafts).
account_deleting = Signal()


@transaction.atomic
def user_account_delete(*, user: User, password: str) -> User:
    """Delete one's own account: what the law requires to keep (submitted applications,
    signatures, protocols) stays, attached to an anonymous "deleted account"; everything
    personal on the account is erased, subscriptions and codes deleted, drafts removed by
    the apps (`account_deleting`), and the register record (if any) unlinked."""
    if not user.check_password(password or ""):
        raise ValidationError({"password": _("The password is not right.")})
    if user.groups.exists() or user.is_superuser:
        raise PermissionDenied(
            _("An account with a role is closed by the administrator, not deleted here.")
        )
    account_deleting.send(sender=User, user=user)
    Subscription.objects.filter(user=user).delete()
    ConfirmationCode.objects.filter(user=user).delete()
    Person.objects.filter(user=user).update(user=None)
    user.username = f"deleted_{user.pk}"
    user.full_name = _("Deleted account")
    user.email = ""
    user.phone = ""
    user.phone_confirmed_at = None
    user.email_confirmed_at = None
    user.sex = ""
    user.birth_year = None
    user.village = None
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit_record(actor=None, obj=user, action=AuditEntry.Action.DELETE)
    return user
