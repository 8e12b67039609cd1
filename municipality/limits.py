"""Bounds every app shares: amounts a money column holds, text a PDF prints in time, links
that stay on the web, and tokens in addresses.

- MONEY_MAX: the largest amount of a money column (12 digits, 2 decimals). An amount the
  portal derives (quantity × unit price, a sum) is checked with `check_amount` in the form,
  so an overflow is a message next to the input, never a database error.
- TEXT_MAX: the longest free text a PDF prints (about two pages). Every user-typed
  TextField of the domain models has it as max_length, so model forms and the admin
  enforce it; the textareas of plain forms set max_length=TEXT_MAX and
  `validate_text_lines`. One render at the maximum stays under a second
  (tests/security/test_bounds.py).
- `validate_link`: a stored link is an http(s) address or a path on this portal;
  `javascript:`, protocol-relative `//host`, `/\\host` and hidden control characters are
  refused.
- `TokenConverter` (`<token:...>` in URL patterns): a malformed token is a 404 before any
  view or query sees it.
"""

from decimal import Decimal
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelMultipleChoiceField
from django.utils.translation import gettext_lazy as _

MONEY_MAX = Decimal("9999999999.99")
TEXT_MAX = 4000
# A head count (participants of a hearing or a gathering): far above any village, far below
# what an integer column holds.
COUNT_MAX = 1_000_000
# Lines count too: 2 500 one-letter lines fill 60 pages and take seconds to render.
TEXT_MAX_LINES = 60


def validate_text_lines(value: str) -> None:
    """At most TEXT_MAX_LINES lines: a PDF prints each one."""
    # \r alone is a line break too for the templates' linebreaks filters
    if value and value.replace("\r\n", "\n").replace("\r", "\n").count("\n") >= TEXT_MAX_LINES:
        raise ValidationError(
            _("The text has too many lines: at most %(max)s."),
            code="too_many_lines",
            params={"max": TEXT_MAX_LINES},
        )


# The keyword arguments of every user-typed TextField of the domain models.
LONG_TEXT = {"max_length": TEXT_MAX, "validators": [validate_text_lines]}


def check_amount(value: Decimal | None, *, message=None) -> None:
    """Refuse a derived amount that no money column can hold."""
    if value is not None and abs(value) > MONEY_MAX:
        raise ValidationError(
            message or _("The amount is too large: at most %(max)s som."),
            code="amount_too_large",
            params={"max": f"{MONEY_MAX:,.2f}".replace(",", " ")},
        )


def is_safe_link(value: str) -> bool:
    if not value:
        return True
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in value):
        return False  # browsers drop tabs and newlines and read \ as /: "/\t/host", "/\\host"
    if value.startswith("/"):
        return not value.startswith("//")
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and value[: len(parts.scheme) + 3].lower() == parts.scheme + "://"
        and bool(parts.hostname)
    )


def validate_link(value: str) -> None:
    """A link staff type: https?://host… or a path on this portal (/ky/…)."""
    if not is_safe_link(value):
        raise ValidationError(_("Start the address with / or https://."), code="unsafe_link")


class TokenConverter:
    """A token in an address (unsubscribe, confirm): URL-safe base64, 1 to 64 characters."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ModelLabelConverter(TokenConverter):
    """A model's label in a file address: "initiatives.contestfile"."""

    regex = "[a-z0-9_]{1,60}[.][a-z0-9_]{1,60}"


class FileNameConverter(TokenConverter):
    """A stored file's name: the random stem and a short extension, never a path."""

    regex = "[A-Za-z0-9_-]{1,100}(?:[.][A-Za-z0-9]{1,10})?"


def guard_model_choice_ids() -> None:
    """Multiple-choice fields (checkbox lists of local issues, members, budget lines) refuse
    an id no integer column holds with their own "not a valid value" message.

    Django checks each posted id with a `pk__in` query and catches ValueError but not
    OverflowError, which SQLite raises for an id above 2**63 — a 500 found by the
    multi-field fuzzing. Installed once for every form from MunicipalityConfig.ready().
    """
    if getattr(ModelMultipleChoiceField, "_ids_guarded", False):
        return
    original = ModelMultipleChoiceField._check_values

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        opts = self.queryset.model._meta
        field = opts.pk if key == "pk" else opts.get_field(key)
        if isinstance(field, models.IntegerField | models.AutoField):
            for pk in value or ():
                try:
                    number = int(str(pk).strip())
                except ValueError:
                    continue  # Django's own check refuses it
                if not -(2**63) <= number < 2**63:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(pk)[:40]},
                    )
        return original(self, value)

    ModelMultipleChoiceField._check_values = _check_values
    ModelMultipleChoiceField._ids_guarded = True
