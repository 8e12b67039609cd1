"""Dates one way on every page and in every language: 16.12.2026 and 16.12.2026 14:30.

Django's own formats spell month names (capitalised in Kyrgyz); the portal writes digits.
Input formats, separators and the first day of the week come from Django's locale module."""

DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
