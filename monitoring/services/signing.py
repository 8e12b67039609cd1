"""The chair's sign-off: quorum, the protocol PDF, the notice and the hand-over to staff."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.models import Notice, OfficialDocument, Role
from municipality.services import (
    document_issue_publish,
    event_texts,
    workflow_move,
)

from .. import permissions as perms
from .. import selectors
from ..models import (
    Protocol,
)
from .common import _require, chair_title


def protocol_quorum(*, group) -> int:
    """How many members must confirm a protocol: more than half of the group."""
    return group.members.count() // 2 + 1


@transaction.atomic
def protocol_sign(*, actor, protocol: Protocol, confirmed_members=()) -> Protocol:
    """The chair signs off: record confirmations, issue the PDF and publish the notice.

    `confirmed_members` are the members present who confirmed the protocol; the chair
    counts as confirming. The PDF and notice are Kyrgyz first with Russian notice text.
    """
    protocol = (
        Protocol.objects.select_for_update().select_related("group", "subject").get(pk=protocol.pk)
    )
    _require(perms.can_sign_protocol(actor, protocol))
    present = {m.pk: m for m in protocol.members_present.all()}
    seat = perms.seat_of(actor, protocol.group)
    confirmed = [m for m in confirmed_members if m.pk in present]
    if seat.pk in present and seat not in confirmed:
        confirmed.append(seat)
    # The group's protocol needs a quorum: more than half of its members confirming.
    quorum = protocol_quorum(group=protocol.group)
    if len(confirmed) < quorum:
        raise ValidationError(
            _(
                "The protocol needs at least %(quorum)s of the group's members confirming "
                "(now %(count)s). Mark the members present who confirmed it."
            )
            % {"quorum": quorum, "count": len(confirmed)}
        )
    workflow_move(
        obj=protocol, to=Protocol.Status.SIGNED, actor=actor, permission=perms.can_sign_protocol
    )
    protocol.confirmed_by.set(confirmed)
    protocol.members_snapshot = selectors.protocol_members_snapshot(protocol=protocol)
    protocol.signed_by = actor
    protocol.signed_at = timezone.now()
    texts = event_texts(
        event="monitoring.protocol_published",
        context={
            "protocol": protocol,
            # Called while each language renders: the village's name in that language.
            "place": lambda: ", ".join(str(p) for p in (protocol.village, protocol.address) if p),
            "recommendations": list(protocol.recommendations.all()),
        },
    )

    def attach(documents):
        (protocol.document,) = documents
        protocol.save(update_fields=["signed_by", "signed_at", "members_snapshot", "document"])

    issued = document_issue_publish(
        actor=actor,
        documents=[
            {
                "kind": OfficialDocument.Kind.PROTOCOL,
                "subject": protocol,
                "title": texts["title"],
                "template_name": "monitoring/pdf/protocol.html",
                "signer_name": seat.name,
                "signer_position": chair_title(),
                "date": protocol.visit_date,
            }
        ],
        attach=attach,
        notice={
            "category": Notice.Category.MONITORING,
            **texts,
            "subject": protocol,
            "place": protocol.address,
        },
        notify=_protocol_hand_over(protocol),
    )
    protocol.notice = issued.notice
    protocol.save(update_fields=["notice"])
    # The chair's right was checked for the whole sign-off; signed protocols publish at once.
    workflow_move(obj=protocol, to=Protocol.Status.PUBLISHED, actor=actor)
    return protocol


def _protocol_hand_over(protocol: Protocol) -> list[dict]:
    """The group hands the signed protocol to the ayil okmotu: every staff member is told."""
    staff = get_user_model().objects.filter(groups__name=Role.STAFF, is_active=True).distinct()
    context = {"protocol": protocol, "count": protocol.recommendations.count()}
    return [
        {
            "user": user,
            "event": "monitoring.protocol_handed_over",
            "context": context,
            "idempotency_key": f"monitoring.protocol.{protocol.pk}.signed.{user.pk}",
        }
        for user in staff
    ]
