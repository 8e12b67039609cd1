"""The charter, the deputies and the standing commissions of the kenesh."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipality.models import AuditEntry
from municipality.services import (
    audit_record,
)

from .. import permissions as perms
from ..models import (
    Charter,
    Commission,
    Deputy,
)
from ._common import _require

# The charter and the deputies


@transaction.atomic
def charter_save(
    *, actor, number: str, adopted_on: datetime.date | None, signature_threshold: int | None
) -> Charter:
    """Record the community charter's number, date and its own signature threshold."""
    _require(perms.can_manage_kenesh(actor))
    charter = Charter.objects.select_for_update().first() or Charter()
    old = {
        "number": charter.number,
        "adopted_on": charter.adopted_on,
        "signature_threshold": charter.signature_threshold,
    }
    charter.number = number
    charter.adopted_on = adopted_on
    charter.signature_threshold = signature_threshold
    charter.save()
    changes = {
        key: (value, getattr(charter, key))
        for key, value in old.items()
        if value != getattr(charter, key)
    }
    audit_record(actor=actor, obj=charter, action=AuditEntry.Action.UPDATE, changes=changes)
    return charter


@transaction.atomic
def deputy_create(*, actor, **fields) -> Deputy:
    """Add a deputy of the kenesh for a term."""
    _require(perms.can_manage_kenesh(actor))
    deputy = Deputy(**fields)
    deputy.full_clean()
    deputy.save()
    audit_record(actor=actor, obj=deputy, action=AuditEntry.Action.CREATE)
    return deputy


def _commission_apply(
    *, commission: Commission, name_ky: str, name_ru: str, members: list, chair
) -> None:
    if not name_ky.strip():
        raise ValidationError({"name_ky": _("Write the name of the commission.")})
    if chair is not None and chair not in members:
        raise ValidationError({"chair": _("The chair must be one of the commission's members.")})
    commission.name_ky = name_ky.strip()
    commission.name_ru = name_ru.strip() or None
    commission.chair = chair
    commission.save()
    commission.members.set(members)


def _commission_state(commission: Commission) -> dict:
    return {
        "name_ky": commission.name_ky or "",
        "name_ru": commission.name_ru or "",
        "chair": str(commission.chair or ""),
        "members": ", ".join(sorted(d.full_name for d in commission.members.all()))
        if commission.pk
        else "",
    }


@transaction.atomic
def commission_create(
    *, actor, name_ky: str, name_ru: str = "", members: Iterable[Deputy] = (), chair=None
) -> Commission:
    """Form a standing commission of the kenesh with its members (deputies) and chair."""
    _require(perms.can_manage_kenesh(actor))
    commission = Commission()
    _commission_apply(
        commission=commission, name_ky=name_ky, name_ru=name_ru, members=list(members), chair=chair
    )
    after = _commission_state(commission)
    audit_record(
        actor=actor,
        obj=commission,
        action=AuditEntry.Action.CREATE,
        changes={key: ("", value) for key, value in after.items() if value},
    )
    return commission


@transaction.atomic
def commission_update(
    *,
    actor,
    commission: Commission,
    name_ky: str,
    name_ru: str = "",
    members: Iterable[Deputy] = (),
    chair=None,
) -> Commission:
    """Rename a standing commission, change its members or its chair."""
    _require(perms.can_manage_kenesh(actor))
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    before = _commission_state(commission)
    _commission_apply(
        commission=commission, name_ky=name_ky, name_ru=name_ru, members=list(members), chair=chair
    )
    after = _commission_state(commission)
    changes = {key: (before[key], after[key]) for key in after if before[key] != after[key]}
    if changes:
        audit_record(actor=actor, obj=commission, action=AuditEntry.Action.UPDATE, changes=changes)
    return commission
