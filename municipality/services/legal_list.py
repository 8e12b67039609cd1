"""Loading a new version of the legal list of local issues (issue 14).

An administrator uploads a plain text or CSV file (`number;Kyrgyz title;Russian title`, or
`1. Kyrgyz title` a line); the office shows the difference with the list in force and, on
confirmation, updates the items in place: the municipality's entries keep pointing at the
same items, so their own descriptions carry over; a removed item stays (out of force).
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from municipality.i18n import KYRGYZ
from municipality.models import AuditEntry, LegalListVersion, LocalIssue, LocalIssueReference
from municipality.permissions import is_administrator
from municipality.selectors.legal_list import legal_list_diff

from .audit import audit_record

#: The largest file accepted: a list of a few dozen lines is a few kilobytes.
LEGAL_LIST_MAX_BYTES = 64 * 1024
LEGAL_LIST_MAX_ITEMS = 200
TITLE_MAX = 1000
_NUMBERED = re.compile(r"^(\d{1,3})\s*[.)]?\s+(.+)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(data: bytes) -> str:
    if len(data) > LEGAL_LIST_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(size)s KB.")
            % {"size": LEGAL_LIST_MAX_BYTES // 1024}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not a text file in UTF-8.")) from None
    if _CONTROL.search(text):
        raise ValidationError(_("The file is not a text file in UTF-8."))
    return text


def _cells(line: str) -> list[str] | None:
    for separator in ("\t", ";", ","):
        if separator in line and line.split(separator, 1)[0].strip().isdigit():
            return [cell.strip().strip('"').strip() for cell in line.split(separator)]
    match = _NUMBERED.match(line)
    return [match[1], match[2].strip()] if match else None


def _item(line_number: int, line: str) -> dict | None:
    cells = _cells(line)
    if cells is None:
        if line_number == 1:
            return None  # a header line
        raise ValidationError(
            _("Line %(line)s: write the item's number, then its title.") % {"line": line_number}
        )
    title_ky = cells[1] if len(cells) > 1 else ""
    title_ru = cells[2] if len(cells) > 2 else ""
    if not title_ky or len(title_ky) > TITLE_MAX or len(title_ru) > TITLE_MAX:
        raise ValidationError(
            _("Line %(line)s: the title is empty or too long.") % {"line": line_number}
        )
    return {"number": int(cells[0]), "title_ky": title_ky, "title_ru": title_ru}


def legal_list_parse(*, data: bytes) -> list[dict]:
    """The items of an uploaded legal list, checked by content and size."""
    lines = [line.strip() for line in _text(data).splitlines()]
    items = [_item(n, line) for n, line in enumerate(lines, 1) if line]
    items = [item for item in items if item is not None]
    numbers = [item["number"] for item in items]
    if not items or len(items) > LEGAL_LIST_MAX_ITEMS:
        raise ValidationError(
            _("The file must list from 1 to %(max)s items.") % {"max": LEGAL_LIST_MAX_ITEMS}
        )
    if len(set(numbers)) != len(numbers) or min(numbers) < 1:
        raise ValidationError(_("Each item needs its own number, from 1."))
    return items


@transaction.atomic
def legal_list_version_load(*, actor, items: list[dict], source: str, source_ru: str = ""):
    """Keep an uploaded version of the legal list until the administrator confirms it."""
    if not is_administrator(actor):
        raise PermissionDenied
    version = LegalListVersion.objects.create(
        loaded_by=actor, items=items, source=source, source_ru=source_ru or source
    )
    audit_record(
        actor=actor,
        obj=version,
        action=AuditEntry.Action.CREATE,
        changes={"items": ("", str(len(items)))},
    )
    return version


def _carry_title(reference: LocalIssueReference, item: dict) -> None:
    """Entries that used the legal wording follow the new wording; their descriptions stay."""
    for language in ("ky", "ru"):
        new = item[f"title_{language}"] or item["title_ky"]
        LocalIssue.objects.filter(
            reference=reference, **{f"title_{language}": getattr(reference, f"title_{language}")}
        ).update(**{f"title_{language}": new, **({"title": new} if language == "ky" else {})})


def _reference_set(reference: LocalIssueReference, item: dict, version: LegalListVersion) -> None:
    reference.number = item["number"]
    reference.title = reference.title_ky = item["title_ky"]
    reference.title_ru = item["title_ru"] or item["title_ky"]
    reference.legal_basis = reference.legal_basis_ky = version.source
    reference.legal_basis_ru = version.source_ru
    reference.is_active = True
    reference.save()


@transaction.atomic
def legal_list_version_apply(*, version: LegalListVersion, actor) -> dict:
    """Put a loaded version in force: rename and renumber matching items, add and retire."""
    if not is_administrator(actor):
        raise PermissionDenied
    version = LegalListVersion.objects.select_for_update().get(pk=version.pk)
    if version.applied_at is not None:
        raise ValidationError(_("This version of the legal list is already in force."))
    diff = legal_list_diff(items=version.items)
    # Out of force first, so that the new numbers never meet an old one.
    LocalIssueReference.objects.filter(is_active=True).update(is_active=False)
    with translation.override(KYRGYZ):  # the plain columns carry the Kyrgyz text
        for reference, item in diff.pairs:
            _carry_title(reference, item)
            _reference_set(reference, item, version)
        for item in diff.added:
            _reference_set(LocalIssueReference(), item, version)
    version.applied_at = timezone.now()
    version.save(update_fields=["applied_at"])
    counts = {
        "added": len(diff.added),
        "removed": len(diff.removed),
        "renamed": len(diff.renamed),
    }
    audit_record(
        actor=actor,
        obj=version,
        action=AuditEntry.Action.UPDATE,
        changes={name: (0, count) for name, count in counts.items()},
    )
    return counts
