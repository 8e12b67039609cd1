"""Initiative groups (демилгелүү топтор) formed per priority."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipality.models import AuditEntry
from municipality.services.audit import audit_record

from ..models import (
    InitiativeGroup,
    InitiativeGroupMember,
    Priority,
)
from ._common import _check_manage


@transaction.atomic
def initiative_group_create(
    *, priority: Priority, actor, name: str, formed_on: datetime.date, members: list[dict]
) -> InitiativeGroup:
    """Form an initiative group for a priority.

    `members` holds dicts with `person` (from the register) or `name` (a deputy or staff
    member), `role` and `is_leader`.
    """
    _check_manage(actor)
    if not members:
        raise ValidationError(_("A group has at least one member."))
    group = InitiativeGroup.objects.create(
        priority=priority, name=name, formed_on=formed_on, created_by=actor
    )
    seen = set()
    for row in members:
        person = row.get("person")
        role = row.get("role") or InitiativeGroupMember.Role.RESIDENT
        name_text = " ".join((row.get("name") or "").split())
        if person is None and not name_text:
            raise ValidationError(_("Choose a person from the register or write a name."))
        if role == InitiativeGroupMember.Role.RESIDENT and person is None:
            raise ValidationError(_("Residents in a group come from the register of people."))
        if person is not None:
            if person.pk in seen:
                raise ValidationError(_("%(name)s is in the list twice.") % {"name": person})
            seen.add(person.pk)
        InitiativeGroupMember.objects.create(
            group=group,
            person=person,
            name="" if person else name_text,
            role=role,
            is_leader=bool(row.get("is_leader")),
        )
    audit_record(actor=actor, obj=group, action=AuditEntry.Action.CREATE)
    return group
