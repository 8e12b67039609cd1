"""The commission's sitting and protocol, then the head's order approving the results."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.i18n import in_kyrgyz, text_in
from municipality.models import AuditEntry, Notice, OfficialDocument
from municipality.permissions import is_head
from municipality.services import (
    audit_record,
    document_issue,
    document_issue_publish,
    event_texts,
    head_signer,
    workflow_check,
)

from .. import permissions as perms
from .. import selectors
from ..models import (
    CommissionMember,
    Contest,
    ProtocolSignature,
)
from .common import A, S, _application_move, _contest_move


def _quorum_missing_message(outcome) -> str:
    labels = {s.candidate_id: s.label for s in outcome.steps}
    return _("Scores from a quorum of the commission are missing for: %(list)s.") % {
        "list": ", ".join(
            f"{labels[cid]} ({got}/{need})" for cid, got, need in outcome.missing_quorum
        )
    }


@transaction.atomic
def protocol_prepare(*, actor, contest: Contest) -> Contest:
    """Hold the commission's sitting: freeze the ranking into the protocol its members sign."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    workflow_check(
        obj=contest,
        to=S.PROTOCOL,
        actor=actor,
        permission=lambda user, obj: perms.can_move_contest(user, obj, S.PROTOCOL),
    )
    outcome, snapshot = selectors.contest_results_snapshot(contest)
    if not outcome.steps:
        raise ValidationError(_("There are no eligible applications to rank."))
    if not outcome.quorum_met:
        raise ValidationError(_quorum_missing_message(outcome))
    # The one source of truth from here on: the protocol, the order, the agreements and
    # the result pages print this, never a ranking recomputed from the live scores.
    contest.results = outcome.as_dict()
    contest.results["snapshot"] = snapshot
    contest.results["computed_at"] = timezone.now().isoformat()
    contest.save(update_fields=["results", "updated_at"])
    return _contest_move(contest, to=S.PROTOCOL, actor=actor)


def _signature_add(*, actor, member: CommissionMember, scan=None) -> ProtocolSignature:
    if ProtocolSignature.objects.filter(member=member).exists():
        raise ValidationError(
            _("%(member)s has already signed the protocol.") % {"member": member}
        )
    signature = ProtocolSignature.objects.create(
        member=member, from_paper=scan is not None, scan=scan or "", entered_by=actor
    )
    audit_record(
        actor=actor,
        obj=member.contest,
        action=AuditEntry.Action.UPDATE,
        changes={"protocol_signed": ("", str(member.user))},
        reason=_("entered from paper") if scan is not None else "",
    )
    return signature


@transaction.atomic
def protocol_sign(*, actor, contest: Contest) -> ProtocolSignature:
    """A member present at the sitting signs the commission's protocol in the portal."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    member = selectors.member_for(actor, contest)
    if member is None or not perms.can_sign_protocol(actor, contest):
        raise PermissionDenied
    return _signature_add(actor=actor, member=member)


@transaction.atomic
def protocol_signature_enter(*, actor, member: CommissionMember, scan) -> ProtocolSignature:
    """Staff record a member's signature from the signed paper protocol, with its scan."""
    contest = Contest.objects.select_for_update().get(pk=member.contest_id)
    member = CommissionMember.objects.get(pk=member.pk)
    if not perms.can_enter_protocol_signature(actor, contest, member):
        raise PermissionDenied
    if scan is None:
        raise ValidationError(_("Attach the scan of the signed protocol."))
    return _signature_add(actor=actor, member=member, scan=scan)


@transaction.atomic
def protocol_adopt(*, actor, contest: Contest) -> Contest:
    """Adopt the protocol signed by a quorum of the current commission and number it."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    workflow_check(
        obj=contest,
        to=S.ADOPTED,
        actor=actor,
        permission=lambda user, obj: perms.can_move_contest(user, obj, S.ADOPTED),
    )
    progress = selectors.protocol_progress(contest)
    if not progress["quorum_met"]:
        raise ValidationError(
            _(
                "The protocol is signed by %(signed)s of %(total)s members; it needs the "
                "signatures of %(required)s (the quorum of the current commission)."
            )
            % {k: progress[k] for k in ("signed", "required", "total")}
        )
    chair = contest.members.filter(is_chair=True, replaced_at__isnull=True).first()
    with translation.override("ky"):
        chair_title = _("Chair of the commission")
    contest.protocol = document_issue(
        kind=OfficialDocument.Kind.PROTOCOL,
        subject=contest,
        title=in_kyrgyz(
            gettext_lazy("Final protocol of the commission of the contest «%(title)s»"),
            title=text_in(contest, "title"),
        ),
        template_name="initiatives/pdf/protocol.html",
        actor=actor,
        signer_name=str(chair or ""),
        signer_position=chair_title,
    )
    return _contest_move(contest, to=S.ADOPTED, actor=actor, extra_fields=["protocol"])


@transaction.atomic
def contest_results_approve(*, actor, contest: Contest) -> Contest:
    """The head's order approving the adopted protocol's results: publish and notify."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not is_head(actor):
        raise PermissionDenied
    if contest.status in (S.EVALUATION, S.PROTOCOL):
        raise ValidationError(selectors.protocol_too_early_message(contest))
    workflow_check(
        obj=contest,
        to=S.RESULTS,
        actor=actor,
        permission=lambda user, obj: perms.can_move_contest(user, obj, S.RESULTS),
    )
    outcome = selectors.frozen_outcome(contest.results)
    applications = {
        a.pk: a
        for a in contest.applications.filter(pk__in=[s.candidate_id for s in outcome.steps])
    }
    steps = {step.candidate_id: step for step in outcome.steps}
    for step in outcome.steps:
        to = A.SELECTED if step.selected else A.NOT_SELECTED
        reason = _rank_reason(step, pass_mark=contest.pass_mark)
        # Part of approving the results: the head's right was checked above.
        _application_move(applications[step.candidate_id], to=to, actor=actor, reason=reason)
    _contest_move(contest, to=S.RESULTS, actor=actor)

    def attach(documents):
        (contest.results_order,) = documents

    issued = document_issue_publish(
        actor=actor,
        documents=[
            {
                "kind": OfficialDocument.Kind.ORDER,
                "subject": contest,
                "title": in_kyrgyz(
                    gettext_lazy("On approving the results of the contest «%(title)s»"),
                    title=text_in(contest, "title"),
                ),
                "template_name": "initiatives/pdf/results_order.html",
                **head_signer(fallback_name=actor.full_name),
            },
        ],
        attach=attach,
        notice={
            "category": Notice.Category.CONTEST,
            "subject": contest,
            **event_texts(
                event="initiatives.contest_winners",
                context={
                    "title": contest,
                    "winners": [applications[i] for i in outcome.selected_ids],
                },
            ),
        },
        notify=[
            {
                "user": application.applicant,
                "event": "initiatives.result",
                "idempotency_key": f"initiatives:result:{application.pk}",
                "context": {
                    "application": application,
                    "number": application.registration_number,
                    "title": application.title,
                    "step": steps[application.pk],
                },
            }
            for application in applications.values()
        ],
    )
    contest.winners_notice = issued.notice
    contest.save(update_fields=["results_order", "winners_notice", "updated_at"])
    return contest


def _rank_reason(step, *, pass_mark=None) -> str:
    """Why an application is or is not funded, stored in Kyrgyz (the record's language)."""
    params = {
        "rank": step.rank,
        "score": formats.localize(step.score),
        "requested": step.requested,
        "remaining": step.remaining_before,
    }
    with translation.override("ky"):
        if step.selected:
            return _("Rank %(rank)s, score %(score)s. Funded: %(requested)s som.") % params
        if step.reason == "below_pass_mark":
            return _(
                "Rank %(rank)s, score %(score)s. The score is below the pass mark "
                "(%(pass_mark)s): not funded even though money is left."
            ) % {**params, "pass_mark": formats.localize(pass_mark)}
        return (
            _(
                "Rank %(rank)s, score %(score)s. The requested sum (%(requested)s som) does "
                "not fit the remaining funds (%(remaining)s som)."
            )
            % params
        )
