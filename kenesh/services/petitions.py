"""Electronic petitions (электрондук петиция) to the ayil okmotu."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipality.models import AuditEntry
from municipality.services import (
    audit_record,
    workflow_move,
)
from municipality.services.outbox import user_notify
from municipality.services.public_version import public_content_changed

from .. import permissions as perms
from .. import selectors
from ..models import (
    Petition,
    Signature,
)
from ._common import KYRGYZ, _online_signer_check, _require

# Petitions


@transaction.atomic
def petition_file(*, actor, title: str, text: str) -> Petition:
    """A resident files a petition to the ayil okmotu and supports it first."""
    _online_signer_check(actor)
    petition = Petition.objects.create(title=title, text=text, filed_by=actor)
    audit_record(actor=actor, obj=petition, action=AuditEntry.Action.CREATE)
    petition_support(petition=petition, user=actor)
    return petition


@transaction.atomic
def petition_support(*, petition: Petition, user, show_name: bool = False) -> Signature:
    """Support a petition; at the threshold the answer's deadline starts."""
    _online_signer_check(user)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.status != Petition.Status.OPEN:
        raise ValidationError(_("This petition has been answered."))
    signature = Signature.objects.filter(petition=petition, user=user).first()
    if signature and signature.withdrawn_at is None:
        raise ValidationError(_("You already support this petition."))
    today = timezone.localdate()
    if signature:
        signature.withdrawn_at = None
        signature.save(update_fields=["withdrawn_at"])
    else:
        signature = Signature.objects.create(
            petition=petition,
            user=user,
            kind=Signature.Kind.ONLINE,
            signed_on=today,
            show_name=show_name,
        )
    if (
        petition.threshold_reached_at is None
        and selectors.signature_count(petition) >= settings.KENESH_PETITION_THRESHOLD
    ):
        petition.threshold_reached_at = timezone.now()
        petition.answer_due = today + datetime.timedelta(days=settings.KENESH_PETITION_ANSWER_DAYS)
        petition.save(update_fields=["threshold_reached_at", "answer_due", "updated_at"])
    public_content_changed()  # the petition's public page counts its supporters
    return signature


@transaction.atomic
def petition_answer(*, actor, petition: Petition, answer: str) -> Petition:
    """The ayil okmotu's public answer."""
    _require(perms.can_answer_petition(actor))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    petition.answer = answer
    petition.answered_at = timezone.now()
    petition.answered_by = actor
    petition = workflow_move(
        obj=petition,
        to=Petition.Status.ANSWERED,
        actor=actor,
        extra_fields=["answer", "answered_at", "answered_by"],
    )
    if petition.filed_by:
        with override(petition.filed_by.language or KYRGYZ):
            subject = _("Answer to your petition: %(title)s") % {"title": petition.title}
        user_notify(
            user=petition.filed_by,
            subject=subject,
            body=answer,
            idempotency_key=f"kenesh:petition:{petition.pk}:answer",
        )
    return petition
