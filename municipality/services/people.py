"""Writes of the register of people: entered by the office, with the person's consent."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.dispatch import Signal
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
    fields["phone"] = phone_normalize(raw=fields.get("phone") or "")
    if fields["phone"] and not phone_is_valid(phone=fields["phone"]):
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
    changes = model_changes(before=before, after=person, fields=FIELDS)
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
    try:
        with transaction.atomic():
            Person.objects.filter(pk=pk).delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "This person has submitted papers that the law requires to keep; their record "
                "cannot be removed."
            )
        ) from None


#: Sent when a person claims their register record; apps join the paper history to the
#: account (e.g. initiatives sets the applicant of the person's paper applications).
person_claimed = Signal()


def person_claimable(*, user) -> list[Person]:
    """Register records the account may claim: the same phone, confirmed by a code to it
    (`accounts.user_phone_confirm`), and not claimed by anyone yet."""
    if not (user and user.is_authenticated and user.phone and user.phone_confirmed_at):
        return []
    if Person.objects.filter(user=user).exists():
        return []
    return list(Person.objects.filter(phone=user.phone, user__isnull=True).order_by("pk"))


def person_account_records(*, user) -> tuple[Person | None, list[Person]]:
    """The account's own register record (or None) and, without one, the records it may
    claim (`person_claimable`), in one query: the account page shows both."""
    if not (user and user.is_authenticated):
        return None, []
    records = Person.objects.filter(user=user).order_by()
    if user.phone and user.phone_confirmed_at:
        # A UNION, not an OR: each half reads its own index (an OR scanned the register).
        records = records.union(
            Person.objects.filter(phone=user.phone, user__isnull=True).order_by()
        )
    records = sorted(records, key=lambda person: person.pk)
    own = next((p for p in records if p.user_id == user.pk), None)
    return own, [] if own else [p for p in records if p.user_id is None]


def person_signup_offer(*, user) -> list[Person]:
    """The record to offer at sign-up: the one claimable record with the account's phone;
    when several share the phone, only the one whose name (and birth year, when both are
    known) matches the account's; none when that is still not a single record."""
    records = person_claimable(user=user)
    if len(records) <= 1:
        return records
    key = name_key(user.full_name)
    matching = [
        p
        for p in records
        if p.name_key == key and (p.birth_year is None or user.birth_year in (None, p.birth_year))
    ]
    if len(matching) > 1 and user.birth_year:
        matching = [p for p in matching if p.birth_year == user.birth_year]
    return matching if len(matching) == 1 else []


@transaction.atomic
def person_claim(*, user, person: Person) -> Person:
    """The account holder claims their record: their paper history joins their account."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person not in person_claimable(user=user):
        raise PermissionDenied
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=user,
        obj=person,
        action=AuditEntry.Action.UPDATE,
        changes={"user": ("", user.username)},
    )
    person_claimed.send(sender=Person, person=person, user=user)
    return person
