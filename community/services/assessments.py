"""Needs assessment meetings (ЭКБА): problems named and ranked, ties kept as ties."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipality.models import AuditEntry
from municipality.services.attendance import attendance_record
from municipality.services.audit import audit_record

from ..models import (
    Assessment,
    Problem,
)
from ._common import _check_manage


def _problem_ranks(problems: list[dict], method: str) -> list[dict]:
    """Check the ranking; by vote the ranks follow the votes, equal votes sharing a rank."""
    if not problems:
        raise ValidationError(_("Name at least one problem."))
    rows = [dict(row) for row in problems]
    for row in rows:
        row["title"] = " ".join((row.get("title") or "").split())
        if not row["title"]:
            raise ValidationError(_("Every problem needs a name."))
    if method == Assessment.Method.VOTE:
        if any(row.get("votes") is None for row in rows):
            raise ValidationError(_("By vote, give the number of votes for every problem."))
        for row in rows:
            # Competition ranking: 10, 10, 7 votes → ranks 1, 1, 3 (a tie stays a tie).
            row["rank"] = 1 + sum(1 for other in rows if other["votes"] > row["votes"])
    else:
        if any(not row.get("rank") or row["rank"] < 1 for row in rows):
            raise ValidationError(_("Give every problem its rank: 1 is the most important."))
        for row in rows:
            row["votes"] = None
    return rows


@transaction.atomic
def assessment_record(
    *,
    actor,
    village,
    held_on: datetime.date,
    method: str,
    problems: list[dict],
    attendance: dict,
    villages: dict | None = None,
    place: str = "",
    situation: str = "",
    deputies_present: str = "",
    staff_present: str = "",
) -> Assessment:
    """Record a needs assessment meeting in a village with its ranked problems.

    `problems` holds dicts of title, causes, consequences and rank (by consensus) or
    votes (by vote: the ranks are computed, ties recorded as ties). The participants
    are counted with the kernel's attendance rules.
    """
    _check_manage(actor)
    rows = _problem_ranks(problems, method)
    assessment = Assessment(
        village=village,
        held_on=held_on,
        place=place,
        situation=situation,
        method=method,
        deputies_present=deputies_present,
        staff_present=staff_present,
        recorded_by=actor,
    )
    assessment.attendance = attendance_record(
        attendance=None,
        values=attendance,
        villages=villages or {village: attendance.get("attendance_total") or 0},
        held_on=held_on,
        source="community.assessment",
        require_total=True,
    )
    assessment.save()
    Problem.objects.bulk_create(
        Problem(
            assessment=assessment,
            title=row["title"],
            causes=row.get("causes") or "",
            consequences=row.get("consequences") or "",
            rank=row["rank"],
            votes=row.get("votes"),
        )
        for row in rows
    )
    audit_record(actor=actor, obj=assessment, action=AuditEntry.Action.CREATE)
    return assessment
