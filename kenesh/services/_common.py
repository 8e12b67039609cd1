"""Shared pieces of the kenesh services: the permission guard and the online signer check."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

KYRGYZ = "ky"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _online_signer_check(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied
    if not user.phone or user.phone_confirmed_at is None:
        raise ValidationError(
            _("Confirm your phone number with the SMS code first: only then can you sign.")
        )
    if user.village_id is None:
        raise ValidationError(
            _(
                "Only residents of the municipality sign: choose your village in your account "
                "first."
            )
        )
