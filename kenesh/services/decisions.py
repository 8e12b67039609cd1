"""Decisions on agenda items with their vote; an adopted one becomes a resolution."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipality.models import AuditEntry, Notice
from municipality.services import (
    audit_record,
    notice_publish,
    workflow_move,
)
from municipality.services.outbox import user_notify

from .. import permissions as perms
from .. import selectors
from ..models import (
    AgendaItem,
    Decision,
    Initiative,
    Resolution,
    Session,
)
from ._common import KYRGYZ, _require


def _vote_check(*, session: Session, outcome: str, votes: int) -> None:
    """Without a quorum the only decision is "postponed"; no more votes than deputies."""
    quorum = selectors.session_quorum(session)
    if outcome != Decision.Outcome.POSTPONED and not quorum.reached:
        raise ValidationError(
            _(
                "No quorum: %(present)s deputies present, more than %(needed)s needed. "
                "The only decision possible is “postponed”."
            ),
            params={"present": quorum.present, "needed": quorum.needed},
        )
    if votes > quorum.present:
        raise ValidationError(
            _("More votes than deputies present (%(present)s)."),
            params={"present": quorum.present},
        )


def _initiators_check(*, item: AgendaItem, initiators_present: bool) -> None:
    """An initiative is decided only with its initiators invited (recorded) and present."""
    if not item.initiative_id:
        return
    if item.initiators_invited_at is None:
        raise ValidationError(
            _(
                "The initiators were not invited to this session (no invitation is "
                "recorded). The initiative cannot be decided: choose “postponed”."
            )
        )
    if not initiators_present:
        raise ValidationError(
            _(
                "The initiators are not present. The initiative cannot be decided without "
                "them: choose “postponed”."
            )
        )


@transaction.atomic
def decision_record(
    *,
    actor,
    item: AgendaItem,
    outcome: str,
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstained: int = 0,
    reasons: str = "",
    initiators_present: bool = False,
    resolution_title: str = "",
    resolution_text: str = "",
) -> Decision:
    """Record the decision on an agenda item with its vote (adopted: a draft resolution)."""
    _require(perms.can_manage_kenesh(actor))
    session = Session.objects.select_for_update().get(pk=item.session_id)
    if session.status != Session.Status.HELD:
        raise ValidationError(_("Record first that the session took place and who was present."))
    if hasattr(item, "decision"):
        raise ValidationError(_("This item already has a decision."))
    _vote_check(
        session=session, outcome=outcome, votes=votes_for + votes_against + votes_abstained
    )
    if outcome != Decision.Outcome.POSTPONED:
        _initiators_check(item=item, initiators_present=initiators_present)
    if outcome == Decision.Outcome.ADOPTED and not resolution_text.strip():
        raise ValidationError({"resolution_text": _("Write the text of the resolution.")})
    decision = Decision.objects.create(
        item=item,
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstained=votes_abstained,
        reasons=reasons,
        initiators_present=initiators_present,
        recorded_by=actor,
    )
    audit_record(actor=actor, obj=decision, action=AuditEntry.Action.CREATE, new=outcome)
    if outcome == Decision.Outcome.ADOPTED:
        resolution = Resolution.objects.create(
            decision=decision,
            session=session,
            adopted_on=timezone.localtime(session.starts_at).date(),
            title=(resolution_title or item.title)[:500],
            text=resolution_text,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstained=votes_abstained,
        )
        audit_record(actor=actor, obj=resolution, action=AuditEntry.Action.CREATE)
    if item.initiative_id and outcome != Decision.Outcome.POSTPONED:
        _initiative_decided(actor=actor, item=item, decision=decision)
    return decision


def _initiative_decided(*, actor, item: AgendaItem, decision: Decision) -> None:
    initiative = item.initiative
    to = (
        Initiative.Status.ADOPTED
        if decision.outcome == Decision.Outcome.ADOPTED
        else Initiative.Status.REJECTED
    )
    initiative.decision_note = decision.reasons
    workflow_move(
        obj=initiative, to=to, actor=actor, reason=decision.reasons, extra_fields=["decision_note"]
    )
    texts = {}
    for language in ("ky", "ru"):
        with override(language):
            texts[language] = (
                _("Decision of the kenesh on the people's initiative: %(title)s")
                % {"title": initiative.title},
                "{}: {}\n{}".format(
                    _("Decision"), decision.get_outcome_display(), decision.reasons
                ).strip(),
            )
    notice_publish(
        actor=actor,
        category=Notice.Category.KENESH,
        title=texts["ky"][0],
        body=texts["ky"][1],
        title_ru=texts["ru"][0],
        body_ru=texts["ru"][1],
        subject=initiative,
    )
    users = {s.user for s in selectors.initiative_news_signers(initiative)}
    if initiative.filed_by:
        users.add(initiative.filed_by)
    for user in users:
        with override(user.language or KYRGYZ):
            subject = _("Decision of the kenesh on the people's initiative: %(title)s") % {
                "title": initiative.title
            }
            body = "{}: {}\n{}".format(
                _("Decision"), decision.get_outcome_display(), decision.reasons
            ).strip()
        user_notify(
            user=user,
            subject=subject,
            body=body,
            idempotency_key=f"kenesh:initiative:{initiative.pk}:decision:{user.pk}",
        )
