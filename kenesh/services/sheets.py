"""Signed paper signature sheets of an initiative and their signers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.models import AuditEntry, Person
from municipality.models.people import name_key
from municipality.permissions import can_manage_people
from municipality.phones import phone_normalize
from municipality.services import (
    audit_record,
)
from municipality.services.people import person_create

from .. import permissions as perms
from ..models import (
    Initiative,
    PaperSheet,
    Signature,
)
from ._common import _require


def _person_of_line(*, actor, line: dict) -> Person:
    """The register's record of a sheet's line: found by name, birth year and village, or
    entered with the written consent the sheet carries."""
    key = name_key(line["full_name"])
    existing = Person.objects.filter(
        name_key=key, village=line["village"], birth_year=line.get("birth_year")
    ).first()
    if existing:
        return existing
    if can_manage_people(actor):
        return person_create(
            actor=actor,
            full_name=line["full_name"],
            village=line["village"],
            address=line.get("address") or "",
            sex="",
            birth_year=line.get("birth_year"),
            phone=line.get("phone") or "",
            consent=Person.Consent.WRITTEN,
        )
    return _signer_record(actor=actor, line=line)


def _signer_record(*, actor, line: dict) -> Person:
    """The kenesh secretary is not the office that keeps the register of people
    (`person_create`): they may add a signer with only what the sheet carries — name,
    birth year, village and address, written consent — and nothing else, audited."""
    full_name = " ".join(line["full_name"].split())
    person = Person.objects.create(
        full_name=full_name,
        name_key=name_key(full_name),
        village=line["village"],
        address=(line.get("address") or "")[:200],
        birth_year=line.get("birth_year"),
        consent=Person.Consent.WRITTEN,
        consent_at=timezone.now(),
        recorded_by=actor,
    )
    audit_record(actor=actor, obj=person, action=AuditEntry.Action.CREATE, reason="kenesh sheet")
    return person


def _line_refusal(initiative: Initiative, line: dict, person: Person | None) -> str:
    """Why a sheet's line cannot count, or ""."""
    name = line["full_name"]
    if line.get("village") is None:
        return _("%(name)s: no village of the municipality; only its residents sign.") % {
            "name": name
        }
    signed_on = line.get("signed_on")
    if signed_on is None or signed_on > initiative.signing_ends:
        return _("%(name)s: signed after the signature period ended.") % {"name": name}
    if (
        initiative.registered_at
        and signed_on < timezone.localtime(initiative.registered_at).date()
    ):
        return _("%(name)s: signed before the initiative was registered.") % {"name": name}
    if (
        person is not None
        and Signature.objects.filter(initiative=initiative, person=person).exists()
    ):
        return _("%(name)s: has already signed on paper.") % {"name": name}
    online = Signature.objects.filter(
        initiative=initiative, user__isnull=False, withdrawn_at__isnull=True
    )
    key = name_key(name)
    village_id = line["village"].pk
    phone = phone_normalize(raw=line.get("phone") or (person.phone if person else "") or "")
    linked_user = person.user_id if person is not None else None
    if (
        (linked_user and online.filter(user_id=linked_user).exists())
        or (phone and online.filter(user__phone=phone).exists())
        or any(
            name_key(s.user.full_name) == key and s.user.village_id == village_id
            for s in online.select_related("user")
        )
    ):
        return _("%(name)s: has already signed online.") % {"name": name}
    return ""


@transaction.atomic
def sheet_enter(
    *, actor, initiative: Initiative, scan, lines: list[dict]
) -> tuple[PaperSheet, list[Signature], list[str]]:
    """Enter a signed sheet with its scan: signers counted once, refusals with the reason."""
    # Each accepted line is a person of the register and a paper signature.
    _require(perms.can_enter_sheet(actor))
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status != Initiative.Status.COLLECTING:
        raise ValidationError(_("This initiative is not collecting signatures."))
    if not lines:
        raise ValidationError(_("Enter at least one signer of the sheet."))
    sheet = PaperSheet(initiative=initiative, entered_by=actor)
    sheet.scan.save(scan.name, scan, save=False)
    sheet.save()
    accepted, refused = [], []
    for line in lines:
        person = None
        if line.get("village") is not None:
            key = name_key(line["full_name"])
            person = Person.objects.filter(
                name_key=key, village=line["village"], birth_year=line.get("birth_year")
            ).first()
        reason = _line_refusal(initiative, line, person)
        if reason:
            refused.append(reason)
            continue
        person = person or _person_of_line(actor=actor, line=line)
        accepted.append(
            Signature.objects.create(
                initiative=initiative,
                person=person,
                sheet=sheet,
                kind=Signature.Kind.PAPER,
                signed_on=line["signed_on"],
            )
        )
    audit_record(
        actor=actor,
        obj=sheet,
        action=AuditEntry.Action.CREATE,
        changes={
            "scan": ("", sheet.scan.name),
            "signatures": ("", str(len(accepted))),
            "refused": ("", "; ".join(refused)),
        },
    )
    return sheet, accepted, refused
