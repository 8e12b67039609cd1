"""Accounts: sign-up and profile edits of residents.

Log-in accepts a username, an e-mail address or a phone number (see municipality.backends);
phone numbers are stored in one normalised form (+996XXXXXXXXX for Kyrgyz numbers) so
that a person may type them with spaces, dashes or a leading 0.
"""

import re
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from municipality.models import AuditEntry, User

from .audit import audit_record

PROFILE_FIELDS = ("full_name", "email", "phone", "sex", "birth_year", "village", "language")


def phone_normalize(raw: str) -> str:
    """'0555 12-34-56' → '+996555123456'; '' stays ''. Does not validate."""
    value = re.sub(r"[\s\-().]", "", raw or "")
    if not value:
        return ""
    if value.startswith("00"):
        value = "+" + value[2:]
    if value.startswith("+"):
        return value
    if value.startswith("996") and len(value) == 12:
        return "+" + value
    if value.startswith("0") and len(value) == 10:
        return "+996" + value[1:]
    if len(value) == 9:
        return "+996" + value
    return value


def phone_is_valid(phone: str) -> bool:
    return bool(re.fullmatch(r"\+\d{9,15}", phone or ""))


def email_taken(email: str, *, exclude: User | None = None) -> bool:
    qs = User.objects.filter(email__iexact=email)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return bool(email) and qs.exists()


def phone_taken(phone: str, *, exclude: User | None = None) -> bool:
    qs = User.objects.filter(phone=phone)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return bool(phone) and qs.exists()


def username_taken(username: str) -> bool:
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
    while username_taken(candidate):
        candidate = f"{base}{secrets.randbelow(9000) + 1000}"
    return candidate


def _check_unique(*, email: str, phone: str, exclude: User | None = None) -> None:
    errors = {}
    if email_taken(email, exclude=exclude):
        errors["email"] = _("An account with this e-mail address already exists.")
    if phone_taken(phone, exclude=exclude):
        errors["phone"] = _("An account with this phone number already exists.")
    if errors:
        raise ValidationError(errors)


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
) -> User:
    """Create a resident's account. Raises ValidationError (per field) on bad input."""
    email = (email or "").strip()
    phone = phone_normalize(phone)
    if not email and not phone:
        raise ValidationError(_("Give an e-mail address or a phone number (or both)."))
    if phone and not phone_is_valid(phone):
        raise ValidationError({"phone": _("Enter a phone number such as 0555 123 456.")})
    _check_unique(email=email, phone=phone)
    username = (username or "").strip()
    if username and username_taken(username):
        raise ValidationError({"username": _("This username is taken; choose another.")})
    user = User(
        username=username or username_generate(email=email, phone=phone, full_name=full_name),
        full_name=full_name.strip(),
        email=email,
        phone=phone,
        sex=sex or "",
        birth_year=birth_year,
        village=village,
        language=language,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a simultaneous sign-up took the phone or username
        raise ValidationError(_("This account already exists. Try to log in.")) from exc
    return user


@transaction.atomic
def user_profile_update(*, user: User, actor: User, **data) -> User:
    """Edit a person's own profile. Only the person themselves may do it here."""
    from django.core.exceptions import PermissionDenied

    if actor.pk != user.pk:
        raise PermissionDenied
    before = {f: getattr(user, f) for f in PROFILE_FIELDS}
    data["email"] = (data.get("email") or "").strip()
    data["phone"] = phone_normalize(data.get("phone", ""))
    if not data["email"] and not data["phone"]:
        raise ValidationError(_("Give an e-mail address or a phone number (or both)."))
    if data["phone"] and not phone_is_valid(data["phone"]):
        raise ValidationError({"phone": _("Enter a phone number such as 0555 123 456.")})
    _check_unique(email=data["email"], phone=data["phone"], exclude=user)
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
