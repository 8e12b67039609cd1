"""The one phone-number rule of the portal: `phonenumbers`, default region Kyrgyzstan.

Every place that reads a typed phone number (sign-up, the account page, log-in by phone,
SMS subscriptions, contact phones on applications) goes through `phone_normalize`, so
'0555 12-34-56', '555123456', '+996 555 123 456' and '00996555123456' are all stored
and compared as '+996555123456' (E.164). A number with a country code ('+7 …') keeps it.
"""

import re

import phonenumbers

REGION = "KG"


def phone_parse(*, raw: str) -> str | None:
    """The E.164 form of a valid number, or None when `raw` is not a valid phone number."""
    value = (raw or "").strip()
    if not value or len(value) > 40 or "\x00" in value:
        return None
    value = re.sub(r"^00", "+", re.sub(r"[\s\-().]", "", value))
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_normalize(*, raw: str) -> str:
    """E.164 for a valid number; otherwise the input without spaces ('' stays '').

    Use `phone_is_valid` (or `phone_parse`) to refuse a number that is not valid.
    """
    parsed = phone_parse(raw=raw)
    if parsed:
        return parsed
    return re.sub(r"[\s\-().]", "", raw or "")[:40]


def phone_is_valid(*, phone: str) -> bool:
    """Whether `phone` is a valid number (municipality.phones)."""
    return phone_parse(raw=phone) is not None
