"""Residents' registrations for a hearing (the reminder goes to them)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from municipality.models import AuditEntry
from municipality.services import (
    audit_record,
)
from municipality.services.public_version import public_content_changed

from ..models import Hearing, Registration
from ..permissions import (
    can_register,
    hearing_open_for_proposals,
)


@transaction.atomic
def registration_create(*, hearing: Hearing, actor) -> Registration:
    """Note that a resident will come; registering twice keeps one registration."""
    if not (actor and actor.is_authenticated):
        raise PermissionDenied
    hearing = Hearing.objects.get(pk=hearing.pk)
    if not can_register(actor, hearing):
        raise ValidationError(_("Registration is open only before an announced hearing."))
    registration = Registration.objects.filter(hearing=hearing, user=actor).first()
    if registration:
        return registration
    try:
        with transaction.atomic():
            registration = Registration.objects.create(hearing=hearing, user=actor)
    except IntegrityError:
        return Registration.objects.get(hearing=hearing, user=actor)
    audit_record(actor=actor, obj=registration, action=AuditEntry.Action.CREATE)
    return registration


@transaction.atomic
def registration_cancel(*, hearing: Hearing, actor) -> None:
    """Withdraw a registration before the hearing; after it the protocol counts it."""
    if not (actor and actor.is_authenticated):
        raise PermissionDenied
    hearing = Hearing.objects.get(pk=hearing.pk)
    if not hearing_open_for_proposals(hearing):
        raise ValidationError(_("A registration can be cancelled only before the hearing."))
    Registration.objects.filter(hearing=hearing, user=actor).delete()
    public_content_changed()
