"""Proposals to a hearing: submitted online, recorded from paper, decided by the office."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.models import AuditEntry
from municipality.services import (
    audit_record,
    event_notify,
)
from municipality.services.outbox import absolute_url

from ..models import Hearing, Proposal
from ..permissions import (
    can_decide_proposal,
    can_propose,
    can_record_proposal,
)
from .hearings import hearing_locked


@transaction.atomic
def proposal_submit(
    *, hearing: Hearing, actor, text: str, budget_line=None, local_issue=None
) -> Proposal:
    """A resident's online proposal, accepted while the hearing is announced and ahead."""
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if not (actor and actor.is_authenticated):
        raise PermissionDenied
    if not can_propose(actor, hearing):
        raise ValidationError(
            _("Proposals are accepted online only after the announcement and before the hearing.")
        )
    # A double click or a retried request sends the same proposal again: keep the first.
    # The hearing row is locked above, so concurrent copies queue here and see it.
    same = hearing.proposals.filter(
        author=actor,
        source=Proposal.Source.ONLINE,
        text=(text or "").strip(),
        budget_line=budget_line,
        local_issue=local_issue,
    ).first()
    if same is not None:
        return same
    proposal = _proposal_create(
        hearing=hearing,
        text=text,
        budget_line=budget_line,
        local_issue=local_issue,
        author=actor,
        source=Proposal.Source.ONLINE,
        entered_by=actor,
    )
    audit_record(actor=actor, obj=proposal, action=AuditEntry.Action.CREATE)
    return proposal


@transaction.atomic
def proposal_record(
    *,
    hearing: Hearing,
    actor,
    author_name: str = "",
    source: str,
    text: str,
    budget_line=None,
    local_issue=None,
    person=None,
) -> Proposal:
    """Take down a proposal received on paper or orally, on the resident's behalf.

    `person` links it to the register of people (and to their account, once claimed)."""
    if person is not None:
        author_name = (author_name or "").strip() or person.full_name
    hearing = hearing_locked(hearing=hearing)
    if not can_record_proposal(actor, hearing):
        raise PermissionDenied
    if source not in (Proposal.Source.PAPER, Proposal.Source.ORAL):
        raise ValidationError({"source": _("Choose “on paper” or “orally”.")})
    if not author_name.strip():
        raise ValidationError({"author_name": _("Write the name of the person who proposed it.")})
    proposal = _proposal_create(
        hearing=hearing,
        text=text,
        budget_line=budget_line,
        local_issue=local_issue,
        author=None,
        author_name=author_name.strip(),
        person=person,
        source=source,
        entered_by=actor,
    )
    audit_record(actor=actor, obj=proposal, action=AuditEntry.Action.CREATE)
    return proposal


def _proposal_create(*, hearing, text, budget_line, local_issue, **fields) -> Proposal:
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the proposal.")})
    if budget_line is not None and budget_line.year != hearing.fiscal_year:
        raise ValidationError(
            {
                "budget_line": ValidationError(
                    _("Choose a line of the %(year)s budget."),
                    params={"year": hearing.fiscal_year},
                )
            }
        )
    return Proposal.objects.create(
        hearing=hearing,
        text=text.strip(),
        budget_line=budget_line,
        local_issue=local_issue,
        **fields,
    )


@transaction.atomic
def proposal_decide(*, proposal: Proposal, actor, decision: str, reason: str = "") -> Proposal:
    """Record the hearing's decision on a proposal and tell the proposer."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("hearing", "author")
        .get(pk=proposal.pk)
    )
    if not can_decide_proposal(actor, proposal):
        raise PermissionDenied
    if decision not in (
        Proposal.Decision.ACCEPTED,
        Proposal.Decision.REJECTED,
        Proposal.Decision.FORWARDED,
    ):
        raise ValidationError({"decision": _("Choose a decision.")})
    reason = (reason or "").strip()
    if decision == Proposal.Decision.REJECTED and not reason:
        raise ValidationError({"reason": _("A rejected proposal needs a reason.")})
    old = proposal.decision
    proposal.decision = decision
    proposal.decision_reason = reason
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save()
    audit_record(actor=actor, obj=proposal, old=old, new=decision, reason=reason)
    author = proposal.author
    if author is not None and author.is_active:
        event_notify(
            user=author,
            event="budget.proposal_decided",
            context={
                "proposal": proposal,
                "url": absolute_url(path=proposal.hearing.get_absolute_url()),
            },
            idempotency_key=f"budget.proposal.{proposal.pk}.decision.{decision}",
        )
    return proposal
