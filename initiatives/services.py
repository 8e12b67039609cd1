"""Every write of the initiatives app: contests, applications, scoring, results."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.i18n import in_kyrgyz, kyrgyz_fields, text_in
from municipality.limits import check_amount
from municipality.models import AuditEntry, Notice, OfficialDocument
from municipality.permissions import is_head
from municipality.services import (
    audit_record,
    document_issue,
    document_issue_publish,
    event_notify,
    event_texts,
    head_signer,
    notice_publish,
    workflow_check,
    workflow_move,
)
from municipality.services.attendance import attendance_record

from . import permissions as perms
from . import selectors
from .models import (
    DEFAULT_CRITERIA,
    Activity,
    Application,
    ApplicationAttachment,
    CommissionMember,
    ConflictDeclaration,
    Contest,
    ContestFile,
    Criterion,
    EstimateLine,
    ImplementationReport,
    PaperScoreSheet,
    ProtocolSignature,
    ReportPhoto,
    Score,
    Support,
)

S = Contest.Status
A = Application.Status

#: Fields staff edit; the services take the plain translated names (`title`) as Kyrgyz too.
CONTEST_FIELDS = [
    "title_ky",
    "title_ru",
    "description_ky",
    "description_ru",
    "resolution_number",
    "resolution_date",
    "budget",
    "max_per_project",
    "own_contribution_percent",
    "window_opens",
    "window_closes",
    "terms_of_reference_ky",
    "terms_of_reference_ru",
    "questions",
    "required_attachments",
    "public_support_phase",
    "pass_mark",
    "quorum_numerator",
    "quorum_denominator",
    "resolution_document",
]


def _notify(user, *, key: str, event: str, **context):
    """Queue a registered initiatives message (templates/initiatives/messages/) once per key.

    A paper applicant without an account (`user` is None) gets nothing here.
    """
    if user is None:
        return
    event_notify(user=user, event=f"initiatives.{event}", context=context, idempotency_key=key)


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "d.m.Y H:i")


# Contests ------------------------------------------------------------------------------


@transaction.atomic
def contest_create(*, actor, directions=(), files=(), **fields) -> Contest:
    """Create a draft contest with the default criteria."""
    if not perms.can_create_contest(actor):
        raise PermissionDenied
    fields = kyrgyz_fields(Contest, fields)
    contest = Contest(created_by=actor, **{k: v for k, v in fields.items() if k in CONTEST_FIELDS})
    contest.full_clean(exclude=["created_by"])
    contest.save()
    contest.directions.set(directions)
    for order, (name, name_ru, weight, max_score) in enumerate(DEFAULT_CRITERIA, start=1):
        Criterion.objects.create(
            contest=contest,
            name_ky=name,
            name_ru=name_ru,
            weight=Decimal(weight),
            max_score=max_score,
            order=order,
        )
    _contest_files_add(contest, files)
    audit_record(actor=actor, obj=contest, action=AuditEntry.Action.CREATE, new=contest.status)
    return contest


def _contest_files_add(contest, files):
    for upload in files:
        ContestFile.objects.create(
            contest=contest,
            file=upload,
            title=upload.name[:200],
            content_type=getattr(upload, "detected_type", ""),
            size=upload.size,
        )


@transaction.atomic
def contest_update(*, actor, contest: Contest, directions=None, files=(), **fields) -> Contest:
    """Change a contest's terms while it is a draft or announced."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not perms.can_update_contest(actor, contest):
        raise PermissionDenied
    fields = kyrgyz_fields(Contest, fields)
    before = {f: getattr(contest, f) for f in CONTEST_FIELDS}
    for key, value in fields.items():
        if key in CONTEST_FIELDS:
            setattr(contest, key, value)
    if contest.status == S.ANNOUNCED and contest.window_closes < before["window_closes"]:
        raise ValidationError(
            _("The published deadline (%(date)s) cannot be moved earlier.")
            % {"date": f"{before['window_closes']:%d.%m.%Y}"}
        )
    contest.full_clean(exclude=["created_by"])
    contest.save()
    if directions is not None:
        contest.directions.set(directions)
    _contest_files_add(contest, files)
    changes = {
        f: (before[f], getattr(contest, f))
        for f in CONTEST_FIELDS
        if before[f] != getattr(contest, f)
    }
    audit_record(actor=actor, obj=contest, action=AuditEntry.Action.UPDATE, changes=changes)
    return contest


@transaction.atomic
def contest_criteria_update(*, actor, contest: Contest, rows: list[dict]) -> list[Criterion]:
    """Replace the criteria with `rows` (name, name_ru, weight, max_score, order, id?, delete?)."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not perms.can_edit_criteria(actor, contest):
        raise ValidationError(_("Criteria are frozen once applications are accepted."))
    existing = {c.pk: c for c in contest.criteria.all()}
    kept = []
    for row in rows:
        row = kyrgyz_fields(Criterion, row)
        criterion = existing.get(row.get("id")) or Criterion(contest=contest)
        if row.get("delete"):
            if criterion.pk:
                criterion.delete()
            continue
        for key in ("name_ky", "name_ru", "weight", "max_score", "order"):
            if key in row and row[key] is not None:
                setattr(criterion, key, row[key])
        criterion.full_clean()
        criterion.save()
        kept.append(criterion)
    if not kept:
        raise ValidationError(_("A contest needs at least one criterion."))
    contest.criteria.exclude(pk__in=[c.pk for c in kept]).delete()
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"criteria": ("", "; ".join(f"{c.name} ×{c.weight}" for c in kept))},
    )
    return kept


@transaction.atomic
def commission_member_add(
    *, actor, contest: Contest, user, is_chair=False, position=""
) -> CommissionMember:
    """Add a member (or the chair) to a contest commission before its order."""
    if not perms.can_manage_commission(actor, contest):
        raise PermissionDenied
    if contest.commission_order_id:
        raise ValidationError(_("The commission is already appointed by order."))
    member, created = CommissionMember.objects.get_or_create(
        contest=contest, user=user, defaults={"is_chair": is_chair, "position": position}
    )
    if not created:
        raise ValidationError(_("This person is already on the commission."))
    if is_chair:
        contest.members.exclude(pk=member.pk).update(is_chair=False)
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"commission": ("", str(user))},
    )
    return member


@transaction.atomic
def commission_member_replace(
    *, actor, member: CommissionMember, user, reason: str
) -> CommissionMember:
    """The head replaces a member who cannot serve, by a new order in the registry.

    The new member takes the seat (position, chair); the old seat stays in the record with
    its submitted scores, which no longer count: the quorum counts the current commission.
    """
    contest = Contest.objects.select_for_update().get(pk=member.contest_id)
    member = CommissionMember.objects.select_for_update().get(pk=member.pk)
    if not perms.can_replace_member(actor, contest):
        raise PermissionDenied
    if member.replaced_at is not None:
        raise ValidationError(_("This member has already been replaced."))
    if not (reason or "").strip():
        raise ValidationError(_("Write why the member is replaced."))
    if CommissionMember.objects.filter(contest=contest, user=user).exists():
        raise ValidationError(_("This person is already on the commission."))
    new = CommissionMember.objects.create(
        contest=contest, user=user, is_chair=member.is_chair, position=member.position
    )
    member.replaced_at = timezone.now()
    member.replaced_by = new
    member.is_chair = False
    member.save(update_fields=["replaced_at", "replaced_by", "is_chair"])
    document = document_issue(
        kind=OfficialDocument.Kind.ORDER,
        subject=contest,
        title=f"«{text_in(contest, 'title')}» сынагынын конкурстук комиссиясынын курамын "
        "өзгөртүү жөнүндө",
        template_name="initiatives/pdf/member_replacement_order.html",
        actor=actor,
        signer_name=actor.full_name,
        signer_position="Айыл өкмөт башчысы",
    )
    member.replacement_order = document
    member.save(update_fields=["replacement_order"])
    contest.__dict__.pop("_member_user_ids", None)
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"commission": (str(member.user), str(user))},
        reason=reason.strip(),
    )
    return new


@transaction.atomic
def commission_member_remove(*, actor, member: CommissionMember) -> None:
    """Remove a member from a contest commission before its order."""
    contest = member.contest
    if not perms.can_manage_commission(actor, contest) or contest.commission_order_id:
        raise PermissionDenied
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"commission": (str(member.user), "")},
    )
    member.delete()


@transaction.atomic
def commission_appoint(*, actor, contest: Contest) -> OfficialDocument:
    """The head's order (буйрук) appointing the contest commission."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not perms.can_appoint_commission(actor, contest):
        raise PermissionDenied
    if contest.commission_order_id:
        raise ValidationError(_("The commission is already appointed by order."))
    if not contest.members.exists():
        raise ValidationError(_("Add the commission members first."))
    if not contest.members.filter(is_chair=True).exists():
        raise ValidationError(_("Choose the chair of the commission."))
    document = document_issue(
        kind=OfficialDocument.Kind.ORDER,
        subject=contest,
        title=in_kyrgyz(
            gettext_lazy("On forming the commission of the contest «%(title)s»"),
            title=text_in(contest, "title"),
        ),
        template_name="initiatives/pdf/commission_order.html",
        actor=actor,
        **head_signer(fallback_name=actor.full_name),
    )
    contest.commission_order = document
    contest.save(update_fields=["commission_order", "updated_at"])
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"commission_order": ("", str(document))},
    )
    return document


def _contest_move(contest: Contest, *, to: str, actor, reason="", extra_fields=()) -> Contest:
    return workflow_move(
        obj=contest,
        to=to,
        actor=actor,
        reason=reason,
        extra_fields=extra_fields,
        permission=lambda user, obj: perms.can_move_contest(user, obj, to),
    )


@transaction.atomic
def contest_announce(*, actor, contest: Contest) -> Contest:
    """Publish the call on the notice board (contest category) and notify subscribers."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not contest.criteria.exists():
        raise ValidationError(_("A contest needs at least one criterion."))
    _contest_move(contest, to=S.ANNOUNCED, actor=actor)
    notice = notice_publish(
        actor=actor,
        category=Notice.Category.CONTEST,
        subject=contest,
        **event_texts(
            event="initiatives.contest_announced",
            context={
                "title": contest,
                "budget": contest.budget,
                "max": contest.max_per_project,
                "opens": f"{contest.window_opens:%d.%m.%Y}",
                "closes": f"{contest.window_closes:%d.%m.%Y}",
            },
        ),
        expire_at=timezone.make_aware(
            datetime.datetime.combine(
                contest.window_closes + datetime.timedelta(days=1), datetime.time.min
            )
        ),
    )
    contest.announcement = notice
    contest.save(update_fields=["announcement", "updated_at"])
    return contest


@transaction.atomic
def contest_open(*, actor, contest: Contest) -> Contest:
    """Start accepting applications; criteria freeze from here on."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    return _contest_move(contest, to=S.ACCEPTING, actor=actor)


@transaction.atomic
def contest_close_window(*, actor, contest: Contest) -> Contest:
    """Stop accepting applications and start the evaluation."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not contest.commission_order_id:
        raise ValidationError(_("The commission must be appointed by the head's order first."))
    if contest.applications.filter(status=A.SUBMITTED).exists():
        raise ValidationError(_("Check the eligibility of every submitted application first."))
    if timezone.localdate() <= contest.window_closes:
        raise ValidationError(
            _(
                "Applications are accepted until %(date)s as announced; the window cannot close "
                "before then. Extend the window with a notice if needed."
            )
            % {"date": f"{contest.window_closes:%d.%m.%Y}"}
        )
    return _contest_move(contest, to=S.EVALUATION, actor=actor)


@transaction.atomic
def contest_extend_window(*, actor, contest: Contest, closes: datetime.date) -> Contest:
    """Move the published deadline later and say so on the notice board."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not perms.can_extend_window(actor, contest):
        raise PermissionDenied
    if closes <= contest.window_closes:
        raise ValidationError(
            _("The new deadline must be later than the current one (%(date)s).")
            % {"date": f"{contest.window_closes:%d.%m.%Y}"}
        )
    old = contest.window_closes
    contest.window_closes = closes
    contest.save(update_fields=["window_closes", "updated_at"])
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"window_closes": (str(old), str(closes))},
    )
    title_ky, title_ru = text_in(contest, "title"), text_in(contest, "title", "ru")
    notice_publish(
        actor=actor,
        category=Notice.Category.CONTEST,
        subject=contest,
        title=f"Сынакка өтүнмө кабыл алуу узартылды: {title_ky}",
        body=(f"Өтүнмөлөр {old:%d.%m.%Y} ордуна {closes:%d.%m.%Y} чейин кабыл алынат."),
        title_ru=f"Приём заявок на конкурс продлён: {title_ru}",
        body_ru=f"Заявки принимаются до {closes:%d.%m.%Y} вместо {old:%d.%m.%Y}.",
    )
    return contest


def _contest_halt(*, actor, contest: Contest, to: str, reason: str) -> Contest:
    if not reason.strip():
        raise ValidationError(_("Give the reason; it is published with the notice."))
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    _contest_move(contest, to=to, actor=actor, reason=reason)
    title_ky, title_ru = text_in(contest, "title"), text_in(contest, "title", "ru")
    if to == S.POSTPONED:
        titles = (
            f"Сынак убактылуу токтотулду: {title_ky}",
            f"Конкурс отложен: {title_ru}",
        )
    else:
        titles = (f"Сынак жокко чыгарылды: {title_ky}", f"Конкурс отменён: {title_ru}")
    notice_publish(
        actor=actor,
        category=Notice.Category.CONTEST,
        subject=contest,
        title=titles[0],
        body=f"Себеби: {reason}",
        title_ru=titles[1],
        body_ru=f"Причина: {reason}",
    )
    for application in contest.applications.exclude(status=A.DRAFT).select_related("applicant"):
        _notify(
            application.applicant,
            key=f"initiatives:halt:{contest.pk}:{to}:{application.pk}",
            event="contest_halted",
            contest=contest,
            reason=reason,
        )
    return contest


@transaction.atomic
def contest_postpone(*, actor, contest: Contest, reason: str = "") -> Contest:
    """Put the contest on hold with a published reason (announce it again to resume)."""
    return _contest_halt(actor=actor, contest=contest, to=S.POSTPONED, reason=reason)


@transaction.atomic
def contest_cancel(*, actor, contest: Contest, reason: str = "") -> Contest:
    """Cancel the contest with a published reason (seed 003: the Нооруз contest, quarantine)."""
    return _contest_halt(actor=actor, contest=contest, to=S.CANCELLED, reason=reason)


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


@transaction.atomic
def contest_start_implementation(*, actor, contest: Contest) -> Contest:
    """Move a contest with approved results to implementation."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    return _contest_move(contest, to=S.IMPLEMENTATION, actor=actor)


@transaction.atomic
def contest_close(*, actor, contest: Contest, reason="") -> Contest:
    """Close a contest, with the reason."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    return _contest_move(contest, to=S.CLOSED, actor=actor, reason=reason)


CONTEST_ACTIONS = {
    S.ANNOUNCED: contest_announce,
    S.ACCEPTING: contest_open,
    S.EVALUATION: contest_close_window,
    S.PROTOCOL: protocol_prepare,
    S.ADOPTED: protocol_adopt,
    S.RESULTS: contest_results_approve,
    S.IMPLEMENTATION: contest_start_implementation,
    S.CLOSED: contest_close,
    S.POSTPONED: contest_postpone,
    S.CANCELLED: contest_cancel,
}
WITH_REASON = {S.POSTPONED, S.CANCELLED, S.CLOSED}


def contest_move(*, actor, contest: Contest, to: str, reason: str = "") -> Contest:
    """Dispatch a status move to its service."""
    service = CONTEST_ACTIONS.get(to)
    if service is None:
        raise ValidationError(_("Unknown action."))
    if to in WITH_REASON:
        return service(actor=actor, contest=contest, reason=reason)
    return service(actor=actor, contest=contest)


# Applications --------------------------------------------------------------------------

APPLICATION_FIELDS = [
    "kind",
    "organisation",
    "group_members",
    "title",
    "village",
    "problem",
    "beneficiaries_count",
    "beneficiaries_who",
    "requested_sum",
    "contribution_cash",
    "contribution_goods",
    "contribution_ashar",
    "contribution_sponsors",
    "contact_phone",
    "contact_email",
    "answers",
]


def _application_move(
    application: Application, *, to: str, actor, reason="", permission=None
) -> Application:
    application.reason = reason
    return workflow_move(
        obj=application,
        to=to,
        actor=actor,
        reason=reason,
        permission=permission,
        extra_fields=["reason"],
    )


@transaction.atomic
def application_save_draft(
    *,
    actor,
    contest: Contest,
    application: Application | None = None,
    fields: dict,
    local_issues=(),
    activities: list[dict] = (),
    estimate_lines: list[dict] = (),
    files=(),
    applicant=None,
    person=None,
    paper: dict | None = None,
    client_token: str = "",
) -> Application:
    """Create or update a draft; every "Save draft" lands here, so nothing typed is lost.

    `activities` and `estimate_lines` replace the existing rows; a line's total is
    computed when left empty. Staff entering a paper application pass `applicant` (an
    account) or `person` (the register of people) and `paper`: `received_on`,
    `incoming_number` and `late_reason`. The incoming number makes it idempotent: the same
    paper entered twice (two clerks at once) is one application.
    """
    if person is not None:
        applicant = person.user  # a claimed record: the account sees its paper history
        paper = paper_check(contest=contest, person=person, paper=paper or {})
        number = paper["incoming_number"]
        if application is None:
            application = Application.objects.filter(incoming_number=number).first()
            if application is not None and (
                application.contest_id != contest.pk
                or application.applicant_person_id != person.pk
            ):
                raise ValidationError(
                    {
                        "incoming_number": _(
                            "Incoming number %(number)s is already used by application "
                            "«%(title)s»."
                        )
                        % {"number": number, "title": application}
                    }
                )
            if application is not None and application.status != A.DRAFT:
                return application  # the same paper, registered by another clerk
    elif application is None and client_token:
        application = Application.objects.filter(
            applicant=applicant or actor, client_token=client_token
        ).first()
    if application is None:
        if person is not None or (applicant is not None and applicant != actor):
            if not perms.can_enter_paper_application(actor, contest):
                raise PermissionDenied
            application = Application(
                contest=contest,
                applicant=applicant,
                applicant_person=person,
                is_paper=True,
                entered_by=actor,
            )
        else:
            if not perms.can_apply_to_contest(actor, contest):
                raise PermissionDenied
            application = Application(contest=contest, applicant=actor)
        application.client_token = client_token[:64]
    else:
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not perms.can_edit_application(actor, application):
            raise PermissionDenied
    for key, value in fields.items():
        if key in APPLICATION_FIELDS:
            setattr(application, key, value)
    if person is not None:
        for key in ("received_on", "incoming_number", "late_reason"):
            setattr(application, key, paper[key])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same form posted twice at once: keep the first
        if person is not None:
            first = Application.objects.get(incoming_number=paper["incoming_number"])
            if first.contest_id != contest.pk or first.applicant_person_id != person.pk:
                raise ValidationError(
                    {"incoming_number": _("This incoming number is already used.")}
                ) from None
            return first
        return Application.objects.get(applicant=application.applicant, client_token=client_token)
    application.local_issues.set(local_issues)
    application.activities.all().delete()
    Activity.objects.bulk_create(
        [Activity(application=application, **row) for row in activities if row.get("description")]
    )
    application.estimate_lines.all().delete()
    lines = []
    for row in estimate_lines:
        if not row.get("item"):
            continue
        total = row.get("total")
        computed = (row["quantity"] * row["unit_price"]).quantize(Decimal("0.01"))
        check_amount(
            computed,
            message=_(
                "Quantity × unit price is over %(max)s som, more than an estimate line can "
                "hold. Check the quantity and the unit price."
            ),
        )
        if total is None:
            total = computed
        elif total != computed:
            raise ValidationError(
                _("Estimate line «%(item)s»: the total is not quantity × unit price.")
                % {"item": row["item"]}
            )
        lines.append(
            EstimateLine(
                application=application,
                item=row["item"],
                unit=row.get("unit", ""),
                quantity=row["quantity"],
                unit_price=row["unit_price"],
                total=total,
            )
        )
    EstimateLine.objects.bulk_create(lines)
    for upload in files:
        ApplicationAttachment.objects.create(
            application=application,
            file=upload,
            title=upload.name[:200],
            content_type=getattr(upload, "detected_type", ""),
            size=upload.size,
        )
    return application


def paper_applicants(contest: Contest):
    """The people a paper application may be entered for: never staff or the commission."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from municipality.models import Person, Role

    barred = get_user_model().objects.filter(
        Q(groups__name__in=[Role.STAFF, Role.HEAD, Role.ADMINISTRATOR])
        | Q(pk__in=contest.members.values("user"))
        | Q(is_superuser=True)
    )
    return Person.objects.filter(
        Q(user__isnull=True) | ~Q(user__in=barred.values("pk"))
    ).select_related("village", "user")


def paper_check(*, contest: Contest, person, paper: dict) -> dict:
    """The paper's received date and incoming number, checked; a late paper needs a reason."""
    errors = {}
    received = paper.get("received_on")
    number = " ".join(str(paper.get("incoming_number") or "").split())[:30]
    late_reason = (paper.get("late_reason") or "").strip()
    if not paper_applicants(contest).filter(pk=person.pk).exists():
        errors["__all__"] = _(
            "A paper application can be entered only for a resident, not for staff or a "
            "member of this contest's commission."
        )
    if not number:
        errors["incoming_number"] = _("Write the incoming number from the register of papers.")
    if received is None:
        errors["received_on"] = _("Write the date the paper was received.")
    elif received > timezone.localdate():
        errors["received_on"] = _("The paper cannot be received on a date in the future.")
    elif received > contest.window_closes and not late_reason:
        errors["late_reason"] = _(
            "The paper was received after the deadline (%(date)s). Write why it is accepted "
            "late, or do not accept it."
        ) % {"date": f"{contest.window_closes:%d.%m.%Y}"}
    if errors:
        raise ValidationError(errors)
    if received <= contest.window_closes:
        late_reason = ""
    return {"received_on": received, "incoming_number": number, "late_reason": late_reason}


@transaction.atomic
def application_attachment_delete(*, actor, attachment: ApplicationAttachment) -> None:
    """Delete an attachment (and its file) from an editable application."""
    if not perms.can_edit_application(actor, attachment.application):
        raise PermissionDenied
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def application_submit(*, actor, application: Application) -> Application:
    """Register a draft: number, time, receipt. A second submit returns the same application."""
    application = (
        Application.objects.select_for_update().select_related("contest").get(pk=application.pk)
    )
    if application.status != A.DRAFT and application.registration_number:
        if application.applicant_id == actor.pk or perms.is_contest_office_user(actor):
            return application  # a double click: the first submit already registered it
        raise PermissionDenied
    if not perms.can_submit_application(actor, application):
        raise PermissionDenied
    problems = selectors.application_problems(application)
    if problems:
        raise ValidationError(problems)
    contest = Contest.objects.select_for_update().get(pk=application.contest_id)
    if not application.registration_number:  # a corrected one keeps its number
        contest.application_counter += 1
        contest.save(update_fields=["application_counter"])
        application.sequence = contest.application_counter
        application.registration_number = f"{contest.pk}-{contest.application_counter:03d}"
    application.submitted_at = timezone.now()
    application.save(update_fields=["sequence", "registration_number", "submitted_at"])
    _application_move(
        application, to=A.SUBMITTED, actor=actor, permission=perms.can_submit_application
    )
    _notify(
        application.applicant,
        key=f"initiatives:receipt:{application.pk}",
        event="receipt",
        number=application.registration_number,
        title=application.title,
        contest=contest,
        time=_when(application.submitted_at),  # its title in the user's language
    )
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    """Take a submitted application back to a draft to correct it before the deadline."""
    application = (
        Application.objects.select_for_update().select_related("contest").get(pk=application.pk)
    )
    return _application_move(
        application,
        to=A.DRAFT,
        actor=actor,
        reason="Өтүнмө ээси оңдоо үчүн кайтарып алды.",
        permission=perms.can_withdraw_application,
    )


@transaction.atomic
def application_check(
    *, actor, application: Application, eligible: bool, reason: str
) -> Application:
    """Record the eligibility outcome with the reason the applicant sees."""
    application = (
        Application.objects.select_for_update().select_related("contest").get(pk=application.pk)
    )
    if not perms.can_check_application(actor, application):
        raise PermissionDenied
    if not eligible and not reason.strip():
        raise ValidationError(_("Give the reason the application is not eligible."))
    to = A.ELIGIBLE if eligible else A.INELIGIBLE
    if application.status == to:
        application.reason = reason
        application.save(update_fields=["reason", "updated_at"])
    else:
        _application_move(
            application,
            to=to,
            actor=actor,
            reason=reason,
            permission=perms.can_check_application,
        )
    application.checked_by = actor
    application.checked_at = timezone.now()
    application.save(update_fields=["checked_by", "checked_at"])
    _notify(
        application.applicant,
        key=f"initiatives:check:{application.pk}:{to}",
        event="check",
        application=application,
        number=application.registration_number,
        title=application.title,
        reason=reason,
    )
    return application


@transaction.atomic
def application_support(*, actor, application: Application) -> bool:
    """Record a resident's support once; True when it is new."""
    application = Application.objects.select_related("contest").get(pk=application.pk)
    if not perms.can_support_application(actor, application):
        raise PermissionDenied
    _support, created = Support.objects.get_or_create(application=application, user=actor)
    return created


# Scoring -------------------------------------------------------------------------------


#: The audit note of a conflict declared after the member's scores were submitted.
AFTER_SUBMISSION = "баалар тапшырылгандан кийин: баалар сакталды, рейтингге кирбейт"


def _scoring_locked(application: Application) -> Application:
    """The application read again under the contest's lock (taken first, as the results
    approval does): no declaration or score lands after the ranking was computed."""
    Contest.objects.select_for_update().filter(pk=application.contest_id).first()
    return Application.objects.select_related("contest").get(pk=application.pk)


def _member_locked(actor, application: Application) -> CommissionMember | None:
    """The actor's seat, locked: a member's declarations and scores are written one at a time
    (a double POST or two tabs cannot both pass the "not yet submitted" check)."""
    member = selectors.member_for(actor, application.contest)
    if member is None:
        return None
    return CommissionMember.objects.select_for_update().get(pk=member.pk)


@transaction.atomic
def declaration_record(
    *, actor, application: Application, has_conflict: bool, note=""
) -> ConflictDeclaration:
    """A member declares (no) conflict of interest on an application.

    A member may declare a conflict at any time of the evaluation, also after submitting:
    submitted scores are then kept as they are and left out of the ranking (audited). A
    declared conflict is never withdrawn by the member: only the office clears it
    (`declaration_clear`). Declaring the same again changes nothing.
    """
    application = _scoring_locked(application)
    member = _member_locked(actor, application)
    if member is None or not perms.can_score_application(actor, application):
        raise PermissionDenied
    declaration = (
        ConflictDeclaration.objects.select_for_update()
        .filter(member=member, application=application)
        .first()
    )
    if declaration is not None and declaration.has_conflict:
        if has_conflict:
            return declaration  # the same declaration again (a double click)
        raise ValidationError(
            _("You declared a conflict of interest; only the office can clear it.")
        )
    if declaration is not None and not has_conflict:
        return declaration  # "no conflict" again: nothing changes
    submitted = selectors.member_has_submitted(member, application)
    old = "" if declaration is None else "no"
    if declaration is None:
        declaration = ConflictDeclaration(member=member, application=application)
    declaration.has_conflict = has_conflict
    declaration.note = note
    declaration.declared_at = timezone.now()
    declaration.save()
    reason = note
    if has_conflict and submitted:
        # The submitted scores stay in the record; the ranking leaves them out.
        reason = f"{note} [{AFTER_SUBMISSION}]".strip()
    elif has_conflict:
        Score.objects.filter(member=member, application=application, submitted=False).delete()
    audit_record(
        actor=actor,
        obj=application,
        action=AuditEntry.Action.UPDATE,
        changes={"conflict_of_interest": (old, "yes" if has_conflict else "no")},
        reason=reason,
    )
    return declaration


@transaction.atomic
def declaration_clear(
    *, actor, declaration: ConflictDeclaration, reason: str
) -> ConflictDeclaration:
    """Staff or the head clear a member's declared conflict (never the member themselves).

    The member's submitted scores, if any, count in the ranking again, unchanged.
    """
    declaration = (
        ConflictDeclaration.objects.select_for_update()
        .select_related("member__user", "application__contest")
        .get(pk=declaration.pk)
    )
    if not perms.can_clear_conflict(actor, declaration):
        raise PermissionDenied
    if not declaration.has_conflict:
        raise ValidationError(_("No conflict of interest is declared here."))
    if not reason.strip():
        raise ValidationError(_("Give the reason the conflict of interest is cleared."))
    declaration.has_conflict = False
    declaration.save(update_fields=["has_conflict"])
    audit_record(
        actor=actor,
        obj=declaration.application,
        action=AuditEntry.Action.UPDATE,
        changes={"conflict_of_interest": (f"yes: {declaration.member.user}", "cleared")},
        reason=reason.strip(),
    )
    application = declaration.application
    _notify(
        declaration.member.user,
        key=f"initiatives:conflict-cleared:{declaration.pk}:{timezone.now():%Y%m%d%H%M%S}",
        event="conflict_cleared",
        number=application.registration_number,
        title=application.title,
        reason=reason.strip(),
    )
    return declaration


@transaction.atomic
def scores_save(*, actor, application: Application, values: dict, submit: bool) -> list[Score]:
    """Save a member's scores {criterion id: (value, comment)}; submitted scores are final.

    Once submitted nothing changes them: a draft save or a different submission is refused;
    the very same submission again (a double click) returns the stored scores.
    """
    application = _scoring_locked(application)
    member = _member_locked(actor, application)
    if member is None:
        raise PermissionDenied
    declaration = ConflictDeclaration.objects.filter(
        member=member, application=application
    ).first()
    if declaration is None:
        raise ValidationError(_("Declare whether you have a conflict of interest first."))
    if not perms.can_score_application(actor, application, declaration):
        raise PermissionDenied
    criteria = {c.pk: c for c in application.contest.criteria.all()}
    stored = list(Score.objects.filter(member=member, application=application))
    if any(s.submitted for s in stored):
        same = {s.criterion_id: (s.value, s.comment) for s in stored} == {
            pk: tuple(values.get(pk, (None, ""))) for pk in criteria
        }
        if submit and same:
            return stored  # the same submission posted twice
        raise ValidationError(_("Your scores for this application are already submitted."))
    saved = []
    for criterion_id, criterion in criteria.items():
        value, comment = values.get(criterion_id, (None, ""))
        if value is None:
            if submit:
                raise ValidationError(_("Score every criterion before submitting."))
            continue
        if not 0 <= value <= criterion.max_score:
            raise ValidationError(
                _("«%(name)s»: the score must be between 0 and %(max)s.")
                % {"name": criterion.name, "max": criterion.max_score}
            )
        score, _created = Score.objects.update_or_create(
            member=member,
            application=application,
            criterion=criterion,
            defaults={"value": value, "comment": comment, "submitted": submit},
        )
        saved.append(score)
    if submit:
        audit_record(
            actor=actor,
            obj=application,
            action=AuditEntry.Action.UPDATE,
            changes={"scores": ("", str(member.user))},
        )
    return saved


@transaction.atomic
def paper_sheet_enter(
    *,
    actor,
    member: CommissionMember,
    application: Application,
    values: dict,
    has_conflict: bool,
    scan,
) -> PaperScoreSheet:
    """Staff enter a member's signed paper score sheet (with its scan) for a member who
    cannot log in. The sheet carries the member's conflict declaration and, without a
    conflict, a score for every criterion; the scores are submitted (final) and marked as
    entered from paper. Nothing is entered over scores the member already submitted.
    """
    application = _scoring_locked(application)
    member = CommissionMember.objects.select_for_update().get(pk=member.pk)
    if not perms.can_enter_paper_sheet(actor, application, member):
        raise PermissionDenied
    if scan is None:
        raise ValidationError({"scan": _("Attach the scan of the signed sheet.")})
    if (
        selectors.member_has_submitted(member, application)
        or PaperScoreSheet.objects.filter(member=member, application=application).exists()
    ):
        raise ValidationError(
            _("%(member)s has already submitted scores for this application; they are final.")
            % {"member": member}
        )
    declaration = ConflictDeclaration.objects.filter(
        member=member, application=application
    ).first()
    if declaration is not None and declaration.has_conflict and not has_conflict:
        raise ValidationError(
            _("The member declared a conflict of interest; only the office can clear it.")
        )
    criteria = list(application.contest.criteria.all())
    if not has_conflict:
        for criterion in criteria:
            value = values.get(criterion.pk, (None, ""))[0]
            if value is None:
                raise ValidationError(_("Score every criterion before submitting."))
            if not 0 <= value <= criterion.max_score:
                raise ValidationError(
                    _("«%(name)s»: the score must be between 0 and %(max)s.")
                    % {"name": criterion.name, "max": criterion.max_score}
                )
    if declaration is None:
        declaration = ConflictDeclaration(member=member, application=application)
    declaration.has_conflict = has_conflict
    declaration.note = _("From the paper score sheet")
    declaration.save()
    sheet = PaperScoreSheet.objects.create(
        member=member,
        application=application,
        scan=scan,
        has_conflict=has_conflict,
        entered_by=actor,
    )
    Score.objects.filter(member=member, application=application, submitted=False).delete()
    if not has_conflict:
        Score.objects.bulk_create(
            [
                Score(
                    member=member,
                    application=application,
                    criterion=criterion,
                    value=values[criterion.pk][0],
                    comment=values[criterion.pk][1] or "",
                    submitted=True,
                    from_paper=True,
                )
                for criterion in criteria
            ]
        )
    audit_record(
        actor=actor,
        obj=application,
        action=AuditEntry.Action.UPDATE,
        changes={"scores": ("", f"{member.user} ({_('entered from paper')})")},
    )
    return sheet


# After the results ---------------------------------------------------------------------


@transaction.atomic
def agreement_issue(
    *, actor, application: Application, report_due: datetime.date | None = None
) -> Application:
    """The agreement (макулдашуу) and terms of reference with a winner, plus report due dates."""
    application = (
        Application.objects.select_for_update().select_related("contest").get(pk=application.pk)
    )
    if not perms.can_issue_agreement(actor, application):
        raise PermissionDenied
    if application.agreement_id:
        return application
    application.agreement = document_issue(
        kind=OfficialDocument.Kind.AGREEMENT,
        subject=application,
        title=in_kyrgyz(
            gettext_lazy("Agreement on implementing the project «%(title)s»"),
            title=application.title,
        ),
        template_name="initiatives/pdf/agreement.html",
        actor=actor,
        **head_signer(fallback_name=actor.full_name),
    )
    application.terms = document_issue(
        kind=OfficialDocument.Kind.TERMS,
        subject=application,
        title=in_kyrgyz(
            gettext_lazy("Terms of reference of the project «%(title)s»"), title=application.title
        ),
        template_name="initiatives/pdf/terms.html",
        actor=actor,
    )
    application.save(update_fields=["agreement", "terms", "updated_at"])
    final_due = report_due or timezone.localdate() + datetime.timedelta(days=60)
    progress_due = timezone.localdate() + (final_due - timezone.localdate()) / 2
    ImplementationReport.objects.get_or_create(
        application=application,
        kind=ImplementationReport.Kind.PROGRESS,
        defaults={"due_date": progress_due},
    )
    ImplementationReport.objects.get_or_create(
        application=application,
        kind=ImplementationReport.Kind.FINAL,
        defaults={"due_date": final_due},
    )
    audit_record(
        actor=actor,
        obj=application,
        action=AuditEntry.Action.UPDATE,
        changes={"agreement": ("", str(application.agreement))},
    )
    return application


@transaction.atomic
def report_submit(
    *,
    actor,
    report: ImplementationReport,
    text: str,
    spending: list[dict],
    photos=(),
    attendance: dict | None = None,
    villages: dict | None = None,
) -> ImplementationReport:
    """A winner's progress or final report with spending against the estimate.

    `attendance` (the kernel's input names) and `villages` count who came to the
    project's events; both are optional and checked by the kernel's `attendance_record`.
    """
    report = (
        ImplementationReport.objects.select_for_update()
        .select_related("application__contest")
        .get(pk=report.pk)
    )
    if not perms.can_report_application(actor, report.application):
        raise PermissionDenied
    if report.submitted_at:
        raise ValidationError(_("This report is already submitted."))
    report.attendance = attendance_record(
        attendance=report.attendance,
        values=attendance or {},
        villages=villages,
        held_on=timezone.localdate(),
        source="initiatives.implementationreport",
    )
    report.text = text
    report.spending = [
        {"item": r["item"], "planned": str(r["planned"]), "spent": str(r["spent"])}
        for r in spending
    ]
    report.submitted_at = timezone.now()
    report.save()
    for photo in photos:
        ReportPhoto.objects.create(report=report, file=photo)
    audit_record(
        actor=actor,
        obj=report.application,
        action=AuditEntry.Action.UPDATE,
        changes={"report": ("", report.get_kind_display())},
    )
    return report
