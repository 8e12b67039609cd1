"""Writes of the register of people: entered by the office, with the person's consent."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.models import AuditEntry, Person
from municipality.models.people import name_key
from municipality.permissions import can_manage_people

from .accounts import phone_is_valid, phone_normalize
from .audit import audit_record, model_changes

FIELDS = ("full_name", "village", "address", "sex", "birth_year", "phone", "consent")


def _clean(fields: dict) -> dict:
    fields = dict(fields)
    fields["full_name"] = " ".join((fields.get("full_name") or "").split())
    if not fields["full_name"]:
        raise ValidationError({"full_name": _("Enter the person's full name.")})
    fields["phone"] = phone_normalize(fields.get("phone") or "")
    if fields["phone"] and not phone_is_valid(fields["phone"]):
        raise ValidationError({"phone": _("Enter a phone number such as 0555 123 456.")})
    if fields.get("consent") not in Person.Consent.values:
        raise ValidationError(
            {"consent": _("Record how the person agreed to their data being kept.")}
        )
    return fields


@transaction.atomic
def person_create(*, actor, **fields) -> Person:
    """Enter a person in the register (the office, with their consent)."""
    if not can_manage_people(actor):
        raise PermissionDenied
    fields = _clean(fields)
    person = Person.objects.create(
        **{name: fields.get(name) for name in FIELDS},
        name_key=name_key(fields["full_name"]),
        consent_at=timezone.now(),
        recorded_by=actor,
    )
    audit_record(actor=actor, obj=person, action=AuditEntry.Action.CREATE)
    return person


@transaction.atomic
def person_update(*, person: Person, actor, **fields) -> Person:
    """Correct a person's record; every changed field is audited."""
    if not can_manage_people(actor):
        raise PermissionDenied
    fields = _clean(fields)
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = {name: getattr(person, name) for name in FIELDS}
    for name in FIELDS:
        setattr(person, name, fields.get(name))
    person.name_key = name_key(person.full_name)
    changes = model_changes(before, person, FIELDS)
    if changes:
        if "consent" in changes:
            person.consent_at = timezone.now()
        person.save()
        audit_record(actor=actor, obj=person, action=AuditEntry.Action.UPDATE, changes=changes)
    return person


@transaction.atomic
def person_delete(*, person: Person, actor) -> None:
    """Remove a person who withdrew consent; the audit row keeps no personal data."""
    if not can_manage_people(actor):
        raise PermissionDenied
    person = Person.objects.select_for_update().get(pk=person.pk)
    pk = person.pk
    person.full_name = _("Person #%(pk)s") % {"pk": pk}  # the audit row's text, not the name
    audit_record(actor=actor, obj=person, action=AuditEntry.Action.DELETE)
    Person.objects.filter(pk=pk).delete()
