"""Recording who came to a meeting, with the one set of rules every app uses (issue 13)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from municipality.services.public_version import public_content_changed

from ..models import Attendance, AttendanceVillage, Village
from ..models.attendance import AGE_BANDS, FIELDS, SEX

BREAKDOWN_KEYS = tuple(key for key in FIELDS if key != "attendance_total")


def attendance_check(*, values: dict, villages: dict, require_total: bool = False) -> None:
    """Refuse counts that cannot be true, naming the field that is wrong.

    `values` holds the input names of FIELDS (`attendance_total`, `attendance_women`…);
    `villages` maps a Village (or its pk) to a count. Every breakdown may be partial, but
    no single count, and no sum by sex, by age band or by village, may exceed the total.
    """
    total = values.get("attendance_total")
    errors = _negative_errors(values, villages)
    if total is not None and total < 0:
        raise ValidationError(errors)
    if total is None:
        _missing_total_errors(errors, values, villages, require_total=require_total)
    else:
        _over_total_errors(errors, values, villages, total=total)
    if errors:
        raise ValidationError(errors)


def _negative_errors(values: dict, villages: dict) -> dict:
    negative = _("A number of people cannot be negative.")
    errors = {}
    for key in FIELDS:
        value = values.get(key)
        if value is not None and value < 0:
            errors[key] = ValidationError(negative)
    if any(count is not None and count < 0 for count in villages.values()):
        errors.setdefault("attendance_total", ValidationError(negative))
    return errors


def _missing_total_errors(errors: dict, values: dict, villages: dict, *, require_total: bool):
    if require_total:
        errors["attendance_total"] = ValidationError(_("Enter the number of participants."))
    elif any(values.get(k) for k in BREAKDOWN_KEYS) or any(villages.values()):
        errors["attendance_total"] = ValidationError(
            _("Give the total attendance as well as the breakdown.")
        )


def _over_total_errors(errors: dict, values: dict, villages: dict, *, total: int) -> None:
    for key in BREAKDOWN_KEYS:
        value = values.get(key)
        if value is not None and value > total and key not in errors:
            errors[key] = ValidationError(
                _("%(value)s is more than the total number of participants (%(total)s)."),
                params={"value": value, "total": total},
            )
    groups = (
        (
            tuple(key for key, _f, _l in SEX),
            _(
                "Women and men together (%(sum)s) exceed the total number of participants "
                "(%(total)s)."
            ),
        ),
        (
            tuple(key for key, _f, _l in AGE_BANDS),
            _(
                "The age groups together (%(sum)s) exceed the total number of participants "
                "(%(total)s)."
            ),
        ),
    )
    for keys, message in groups:
        group_sum = sum(values.get(k) or 0 for k in keys)
        if group_sum > total and not any(k in errors for k in keys):
            errors[keys[-1]] = ValidationError(message, params={"sum": group_sum, "total": total})
    village_sum = sum(count or 0 for count in villages.values())
    if village_sum > total and "attendance_total" not in errors:
        errors["attendance_total"] = ValidationError(
            _(
                "The participants by village together (%(sum)s) exceed the total number of "
                "participants (%(total)s)."
            ),
            params={"sum": village_sum, "total": total},
        )


def _village_counts(villages: dict) -> dict[int, int]:
    counts = {}
    for village, count in (villages or {}).items():
        if count:
            pk = village.pk if isinstance(village, Village) else int(village)
            counts[pk] = int(count)
    return counts


@transaction.atomic
def attendance_record(
    *,
    attendance: Attendance | None,
    values: dict,
    villages: dict | None = None,
    held_on: datetime.date | None,
    source: str,
    require_total: bool = False,
) -> Attendance | None:
    """Check and store the counts of one meeting; returns the row to point at.

    `attendance` is the meeting's current row (None the first time); it is updated in
    place so the meeting keeps one row. With no counts at all and no row yet, nothing is
    stored and None comes back. Counts kept from before issue 13 (`legacy_counts`) stay
    until someone enters new age bands for that meeting.
    """
    villages = villages or {}
    attendance_check(values=values, villages=villages, require_total=require_total)
    counts = _village_counts(villages)
    given = {key: values.get(key) for key in FIELDS}
    if attendance is None and all(v is None for v in given.values()) and not counts:
        return None
    row = attendance or Attendance()
    for key, field in FIELDS.items():
        setattr(row, field, given[key])
    # The plan's old 18–35 / 36–60 / over-60 counts stand in for the adult bands until
    # someone enters those bands; under 18 carried over exactly and does not replace them.
    if any(getattr(row, f) is not None for f in ("aged_18_29", "aged_30_59", "aged_60_plus")):
        row.legacy_counts = {
            k: v for k, v in (row.legacy_counts or {}).items() if k != "age_bands"
        }
    row.held_on = held_on
    row.source = source
    row.full_clean()
    row.save()
    known = set(Village.objects.filter(pk__in=counts).values_list("pk", flat=True))
    row.villages.all().delete()
    AttendanceVillage.objects.bulk_create(
        AttendanceVillage(attendance=row, village_id=pk, count=count)
        for pk, count in counts.items()
        if pk in known
    )
    public_content_changed()  # attendance tables are on public pages
    return row
