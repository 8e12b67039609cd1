"""Budget lines: manual entry and the CSV import (all rows or none)."""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipality.i18n import kyrgyz_fields
from municipality.models import AuditEntry
from municipality.services import audit_record
from municipality.services.audit import model_changes

from ..models import BudgetCategory, BudgetLine, BudgetLineLink
from ..permissions import can_manage_budget

#: The one header a budget CSV file must have, in this order.
CSV_HEADER = ("year", "kind", "code", "category", "planned", "actual")
KIND_WORDS = {
    "revenue": BudgetCategory.Kind.REVENUE,
    "киреше": BudgetCategory.Kind.REVENUE,
    "кирешелер": BudgetCategory.Kind.REVENUE,
    "доход": BudgetCategory.Kind.REVENUE,
    "доходы": BudgetCategory.Kind.REVENUE,
    "expenditure": BudgetCategory.Kind.EXPENDITURE,
    "чыгаша": BudgetCategory.Kind.EXPENDITURE,
    "чыгашалар": BudgetCategory.Kind.EXPENDITURE,
    "расход": BudgetCategory.Kind.EXPENDITURE,
    "расходы": BudgetCategory.Kind.EXPENDITURE,
}
ENCODINGS = {"auto": None, "utf-8": "utf-8-sig", "windows-1251": "cp1251"}
MAX_AMOUNT = Decimal("999999999999.99")
MAX_ERRORS = 30


def _require(actor):
    if not can_manage_budget(actor):
        raise PermissionDenied


@transaction.atomic
def budget_category_save(*, actor, data: dict, category: BudgetCategory | None = None):
    """Create or change a category of the classification."""
    _require(actor)
    data = kyrgyz_fields(BudgetCategory, data)
    fields = ("code", "name_ky", "name_ru", "kind", "parent", "order")
    before = {f: getattr(category, f) for f in fields} if category else None
    category = category or BudgetCategory()
    for name in fields:
        if name in data:
            setattr(category, name, data[name])
    if category.parent_id and category.parent_id == category.pk:
        raise ValidationError({"parent": _("A category cannot be its own parent.")})
    category.full_clean()
    category.save()
    audit_record(
        actor=actor,
        obj=category,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        changes=model_changes(before=before, after=category, fields=fields) if before else None,
    )
    return category


@transaction.atomic
def budget_line_save(*, actor, data: dict, line: BudgetLine | None = None) -> BudgetLine:
    """Create or change one budget line."""
    _require(actor)
    data = kyrgyz_fields(BudgetLine, data)
    fields = ("year", "category", "planned", "actual", "note_ky", "note_ru")
    before = {f: getattr(line, f) for f in fields} if line else None
    line = line or BudgetLine()
    for name in fields:
        if name in data:
            setattr(line, name, data[name])
    line.full_clean()
    line.save()
    audit_record(
        actor=actor,
        obj=line,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        changes=model_changes(before=before, after=line, fields=fields) if before else None,
    )
    return line


@transaction.atomic
def budget_line_delete(*, actor, line: BudgetLine) -> None:
    """Delete a budget line, audited."""
    _require(actor)
    audit_record(actor=actor, obj=line, action=AuditEntry.Action.DELETE)
    line.delete()


@transaction.atomic
def budget_line_link_add(
    *, actor, line: BudgetLine, label: str, url: str, label_ru: str = ""
) -> BudgetLineLink:
    """Say what a line's money bought, with a link to the initiative or activity."""
    _require(actor)
    link = BudgetLineLink(line=line, label_ky=label, label_ru=label_ru or None, url=url)
    link.full_clean()
    link.save()
    audit_record(
        actor=actor, obj=line, action=AuditEntry.Action.UPDATE, changes={"links": ("", label)}
    )
    return link


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    categories_created: int = 0
    rows: list = field(default_factory=list)


def _decode(content: bytes, encoding: str) -> tuple[str, str]:
    if not content.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if b"\x00" in content:
        raise ValidationError(
            _(
                "The file is not a text file in UTF-8 or Windows-1251 (it looks like UTF-16 or a "
                "spreadsheet). Save it as “CSV UTF-8” and try again."
            ),
            code="encoding",
        )
    codecs = [ENCODINGS[encoding]] if ENCODINGS.get(encoding) else ["utf-8-sig", "cp1251"]
    for codec in codecs:
        try:
            return content.decode(codec), codec
        except UnicodeDecodeError as exc:
            failure = exc
    row = content[: failure.start].count(b"\n") + 1
    if encoding == "utf-8":
        message = _(
            "The file is not in UTF-8: row %(row)s has bytes that are not UTF-8. "
            "Choose Windows-1251 or save the file as UTF-8."
        )
    else:
        message = _("The file is neither UTF-8 nor Windows-1251: row %(row)s cannot be read.")
    raise ValidationError(message, code="encoding", params={"row": row})


def _amount(raw: str, *, row: int, column: str, required: bool):
    text = (raw or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        if required:
            return None, ValidationError(
                _("Row %(row)s, column “%(column)s”: the amount is missing."),
                params={"row": row, "column": column},
            )
        return None, None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        return None, ValidationError(
            _("Row %(row)s, column “%(column)s”: “%(value)s” is not a number."),
            params={"row": row, "column": column, "value": raw.strip()[:40]},
        )
    if value < 0:
        return None, ValidationError(
            _("Row %(row)s, column “%(column)s”: the amount %(value)s is negative."),
            params={"row": row, "column": column, "value": raw.strip()[:40]},
        )
    if value > MAX_AMOUNT or value != value.quantize(Decimal("0.01")):
        return None, ValidationError(
            _(
                "Row %(row)s, column “%(column)s”: %(value)s is too large or has more than two "
                "decimals."
            ),
            params={"row": row, "column": column, "value": raw.strip()[:40]},
        )
    return value, None


def _csv_reader(text: str):
    """A csv reader on `text` whose header was checked (`;` or `,` as the file uses)."""
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(_("The file is empty."), code="empty") from None
    header = tuple(cell.strip().lower() for cell in header)
    if header != CSV_HEADER:
        raise ValidationError(
            _("Row 1: the header must be exactly “%(expected)s”, the file has “%(found)s”."),
            code="header",
            params={"expected": ",".join(CSV_HEADER), "found": ",".join(header)[:200]},
        )
    return reader


def _csv_year(values: dict, number: int):
    """The row's year, or None and the error."""
    try:
        year = int(values["year"])
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        return None, ValidationError(
            _("Row %(row)s, column “year”: “%(value)s” is not a year between 2000 and 2100."),
            params={"row": number, "value": values["year"][:20]},
        )
    return year, None


def _csv_line(values: dict, number: int, codec: str) -> tuple[dict, list]:
    """One data row read from its cells, and its errors (none when the row is good)."""
    year, error = _csv_year(values, number)
    row_errors = [error] if error else []
    kind = KIND_WORDS.get(values["kind"].lower())
    if kind is None:
        row_errors.append(
            ValidationError(
                _("Row %(row)s, column “kind”: “%(value)s” must be “revenue” or “expenditure”."),
                params={"row": number, "value": values["kind"][:40]},
            )
        )
    if not values["code"] or len(values["code"]) > 30:
        row_errors.append(
            ValidationError(
                _("Row %(row)s, column “code”: a code of 1 to 30 characters is needed."),
                params={"row": number},
            )
        )
    if not values["category"] or len(values["category"]) > 200:
        row_errors.append(
            ValidationError(
                _("Row %(row)s, column “category”: a name of 1 to 200 characters is needed."),
                params={"row": number},
            )
        )
    planned, error = _amount(values["planned"], row=number, column="planned", required=True)
    row_errors += [error] if error else []
    actual, error = _amount(values["actual"], row=number, column="actual", required=False)
    row_errors += [error] if error else []
    row = {
        "row": number,
        "year": year,
        "kind": kind,
        "code": values["code"],
        "category": values["category"],
        "planned": planned,
        "actual": actual,
        # Windows-1251 has no ң ө ү: such a file names categories in Russian.
        "russian": codec == "cp1251",
    }
    return row, row_errors


def parse_budget_csv(*, content: bytes, encoding: str = "auto") -> list[dict]:
    """Read and check every row; raise one ValidationError listing each bad row and field."""
    text, codec = _decode(content, encoding)
    reader = _csv_reader(text)
    errors, rows, seen = [], [], {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(CSV_HEADER):
            errors.append(
                ValidationError(
                    _("Row %(row)s: %(count)s columns instead of %(expected)s."),
                    params={"row": number, "count": len(cells), "expected": len(CSV_HEADER)},
                )
            )
            continue
        values = dict(zip(CSV_HEADER, (c.strip() for c in cells), strict=True))
        row, row_errors = _csv_line(values, number, codec)
        key = (row["year"], row["kind"], values["code"])
        if not row_errors and key in seen:
            row_errors.append(
                ValidationError(
                    _(
                        "Row %(row)s: the same year, kind and code as row %(first)s (a duplicate "
                        "line)."
                    ),
                    params={"row": number, "first": seen[key]},
                )
            )
        if row_errors:
            errors.extend(row_errors)
        else:
            seen[key] = number
            rows.append(row)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("The file has a header but no budget lines."), code="empty")
    return rows


@transaction.atomic
def budget_lines_import(
    *, actor, content: bytes, encoding: str = "auto", replace: bool = False
) -> ImportResult:
    """Import budget lines from a CSV file in one transaction: every row or none.

    The header is `year,kind,code,category,planned,actual` (comma or semicolon separated,
    UTF-8 or Windows-1251). A missing category is created from its code and name. A line
    that already exists for the year is a duplicate and refused, unless `replace` is set.
    """
    _require(actor)
    rows = parse_budget_csv(content=content, encoding=encoding)
    result = ImportResult()
    categories = {(c.kind, c.code): c for c in BudgetCategory.objects.all()}
    existing = {
        (line.year, line.category.kind, line.category.code): line
        for line in BudgetLine.objects.filter(year__in={r["year"] for r in rows}).select_related(
            "category"
        )
    }
    duplicates = [
        ValidationError(
            _(
                "Row %(row)s: the line “%(code)s” of %(year)s is already in the budget (a "
                "duplicate line). Tick “replace existing lines” to overwrite it."
            ),
            params={"row": r["row"], "code": r["code"], "year": r["year"]},
        )
        for r in rows
        if (r["year"], r["kind"], r["code"]) in existing and not replace
    ]
    if duplicates:
        raise ValidationError(duplicates[:MAX_ERRORS])
    for r in rows:
        category = categories.get((r["kind"], r["code"]))
        if category is None:
            category = BudgetCategory.objects.create(
                kind=r["kind"],
                code=r["code"],
                name_ky=r["category"],
                name_ru=r["category"] if r["russian"] else None,
            )
            categories[(r["kind"], r["code"])] = category
            result.categories_created += 1
        line = existing.get((r["year"], r["kind"], r["code"]))
        if line is None:
            line = BudgetLine.objects.create(
                year=r["year"], category=category, planned=r["planned"], actual=r["actual"]
            )
            result.created += 1
            audit_record(
                actor=actor,
                obj=line,
                action=AuditEntry.Action.CREATE,
                reason=gettext("CSV import"),
            )
        else:
            line.planned, line.actual = r["planned"], r["actual"]
            line.save(update_fields=["planned", "actual", "updated_at"])
            result.updated += 1
            audit_record(
                actor=actor,
                obj=line,
                action=AuditEntry.Action.UPDATE,
                reason=gettext("CSV import"),
            )
        result.rows.append(line)
    return result
