"""Dates as officials write them in messages and notices (language review D30).

Kyrgyz: ``2026-жылдын 12-майы, саат 10:00`` (hyphenated ordinal, the month lowercase in its
possessive form); Russian: ``12 мая 2026 г., 10:00``. Django's Kyrgyz locale would give
``12 Май 2026 ж.``. `official_date` and `official_datetime` follow the active language (a
message is rendered once per language); the `{% load dates %}` filters of the same names
do the same in message templates.
"""

import datetime

from django.utils import timezone, translation
from django.utils.functional import lazy

#: The month in the possessive form that follows a hyphenated day: 12-майы, 1-январы.
KY_MONTHS = (
    "январы",
    "февралы",
    "марты",
    "апрели",
    "майы",
    "июну",
    "июлу",
    "августу",
    "сентябры",
    "октябры",
    "ноябры",
    "декабры",
)
#: The month in the genitive after the day: 12 мая.
RU_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _local(value: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def ky_date(value: datetime.date) -> str:
    """``2026-жылдын 12-майы``."""
    value = _local(value)
    return f"{value.year}-жылдын {value.day}-{KY_MONTHS[value.month - 1]}"


def ky_datetime(value: datetime.datetime) -> str:
    """``2026-жылдын 12-майы, саат 10:00``."""
    value = _local(value)
    return f"{ky_date(value)}, саат {value:%H:%M}"


def ru_date(value: datetime.date) -> str:
    """``12 мая 2026 г.``."""
    value = _local(value)
    return f"{value.day} {RU_MONTHS[value.month - 1]} {value.year} г."


def ru_datetime(value: datetime.datetime) -> str:
    """``12 мая 2026 г., 10:00``."""
    value = _local(value)
    return f"{ru_date(value)}, {value:%H:%M}"


def _en_date(value: datetime.date) -> str:
    value = _local(value)
    return f"{value.day} {EN_MONTHS[value.month - 1]} {value.year}"


def _en_datetime(value: datetime.datetime) -> str:
    value = _local(value)
    return f"{_en_date(value)}, {value:%H:%M}"


_DATE = {"ky": ky_date, "ru": ru_date, "en": _en_date}
_DATETIME = {"ky": ky_datetime, "ru": ru_datetime, "en": _en_datetime}


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "ky")[:2]
    return code if code in _DATE else "ky"


def official_date(value, language: str | None = None) -> str:
    """A date as officials write it in `language` (the active one by default); "" for None."""
    if value in (None, ""):
        return ""
    return _DATE[_language(language)](value)


def official_datetime(value, language: str | None = None) -> str:
    """A date and time as officials write it in `language` (the active one by default)."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.datetime):
        return official_date(value, language)
    return _DATETIME[_language(language)](value)


#: For a message context built once and rendered in each recipient's language.
official_date_lazy = lazy(official_date, str)
official_datetime_lazy = lazy(official_datetime, str)
