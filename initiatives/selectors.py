"""Every non-trivial read of the initiatives app."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selection
from .models import (
    Application,
    CommissionMember,
    ConflictDeclaration,
    Contest,
    Criterion,
    EstimateLine,
    ProtocolSignature,
    Score,
    Support,
)

A = Application.Status
S = Contest.Status
PUBLIC_APPLICATION_STATUSES = Application.PUBLIC_STATUSES


def contest_list_public():
    return (
        Contest.objects.exclude(status=S.DRAFT)
        .prefetch_related("directions")
        .annotate(
            submitted_count=Count(
                "applications", filter=Q(applications__status__in=PUBLIC_APPLICATION_STATUSES)
            )
        )
    )


def contest_list_office():
    return Contest.objects.prefetch_related("directions").annotate(
        submitted_count=Count(
            "applications", filter=Q(applications__status__in=PUBLIC_APPLICATION_STATUSES)
        ),
        draft_count=Count("applications", filter=Q(applications__status=A.DRAFT)),
    )


def contest_get(pk: int) -> Contest:
    return get_object_or_404(
        Contest.objects.select_related(
            "resolution_document",
            "commission_order",
            "protocol",
            "results_order",
            "announcement",
            "winners_notice",
        ).prefetch_related(
            "directions",
            "files",
            "criteria",
            Prefetch("members", queryset=CommissionMember.objects.select_related("user")),
        ),
        pk=pk,
    )


def contest_public_applications(contest: Contest):
    """Submitted applications' public parts (the template never shows contacts)."""
    return (
        contest.applications.filter(status__in=PUBLIC_APPLICATION_STATUSES)
        .select_related("village")
        .prefetch_related("local_issues")
        .annotate(support_count=Count("supports"))
        .order_by("sequence")
    )


def supported_by(user, contest: Contest) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Support.objects.filter(user=user, application__contest=contest).values_list(
            "application_id", flat=True
        )
    )


def contest_office_applications(contest: Contest):
    return (
        contest.applications.exclude(status=A.DRAFT)
        .select_related("village", "applicant")
        .order_by("sequence")
    )


def application_list_for_user(user):
    return (
        Application.objects.filter(applicant=user)
        .select_related("contest")
        .order_by("-created_at")
    )


def application_get(pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related(
            "contest", "applicant", "village", "entered_by", "checked_by", "agreement", "terms"
        ).prefetch_related(
            "local_issues",
            "activities",
            "estimate_lines",
            "attachments",
            "contest__directions",
            "reports",
            "reports__photos",
            "reports__attendance__villages__village",
        ),
        pk=pk,
    )


def estimate_total(application: Application) -> Decimal:
    lines = getattr(application, "_prefetched_objects_cache", {}).get("estimate_lines")
    if lines is None:
        lines = EstimateLine.objects.filter(application=application)
    return sum((line.total for line in lines), Decimal(0))


def application_problems(
    application: Application, *, today=None, lines=None, check_totals=True
) -> list[str]:
    """Why an application cannot be submitted as it stands (empty list: it can).

    ``lines`` lets the form check an application not saved yet (its estimate rows);
    ``check_totals=False`` skips the sums while some estimate row has a mistake."""
    contest = application.contest
    problems = []
    if application.is_paper and application.received_on:
        # A paper counts on the day it was received; after the deadline only with a reason.
        on_time = contest.window_is_open(application.received_on) or bool(application.late_reason)
    else:
        on_time = contest.window_is_open(today)
    if contest.status != S.ACCEPTING or not on_time:
        problems.append(_("The application window is closed."))
    if not application.title.strip():
        problems.append(_("Give the project a title."))
    if not application.problem.strip():
        problems.append(_("Describe the problem."))
    if application.kind == Application.Kind.GROUP and not application.group_members.strip():
        problems.append(_("List the members of the initiative group."))
    if application.kind in (Application.Kind.ASSOCIATION, Application.Kind.LEGAL_ENTITY) and not (
        application.organisation.strip()
    ):
        problems.append(_("Give the name of the association or organisation."))
    lines = list(application.estimate_lines.all()) if lines is None else lines
    if not lines:
        problems.append(_("Add at least one line to the cost estimate."))
    for line in lines if check_totals else []:
        if (line.quantity * line.unit_price).quantize(Decimal("0.01")) != line.total:
            problems.append(
                _("Estimate line «%(item)s»: the total is not quantity × unit price.")
                % {"item": line.item}
            )
    total = sum((line.total for line in lines), Decimal(0))
    if check_totals and lines and total != application.total_funding:
        problems.append(
            _(
                "The estimate total (%(total)s som) must equal the requested sum plus all "
                "contributions (%(funding)s som)."
            )
            % {"total": total, "funding": application.total_funding}
        )
    if application.requested_sum <= 0:
        problems.append(_("Enter the sum requested from the local budget."))
    if application.requested_sum > contest.max_per_project:
        problems.append(
            _("The requested sum is over the maximum per project (%(max)s som).")
            % {"max": contest.max_per_project}
        )
    return problems


def contribution_problem(application: Application) -> str:
    """The automatic own-contribution check in the applicant's words ("" when it passes)."""
    required = application.contest.own_contribution_percent
    percent = own_contribution_percent(application)
    if application.total_funding <= 0 or percent >= required:
        return ""
    return _(
        "Your own contribution is %(percent)s %% of the project cost; this contest requires "
        "at least %(required)s %%. Raise the contribution (cash, goods or ashar) and submit "
        "before the deadline."
    ) % {"percent": percent, "required": required}


def own_contribution_percent(application: Application) -> Decimal:
    funding = application.total_funding
    if not funding:
        return Decimal(0)
    return (Decimal(100) * application.own_contribution / funding).quantize(Decimal("0.01"))


def application_eligibility_checks(application: Application) -> list[dict]:
    """The automatic checks staff see before recording the outcome."""
    contest = application.contest
    submitted_on = (
        timezone.localdate(application.submitted_at) if application.submitted_at else None
    )
    if application.is_paper and application.received_on:
        submitted_on = application.received_on  # a paper counts on the day it came
    direction_ids = {d.pk for d in contest.directions.all()}
    issue_ids = {i.pk for i in application.local_issues.all()}
    percent = own_contribution_percent(application)
    attachments = len(application.attachments.all())
    total = estimate_total(application)
    return [
        {
            "label": _("Submitted within the window"),
            "ok": bool(
                submitted_on and contest.window_opens <= submitted_on <= contest.window_closes
            ),
            "detail": f"{submitted_on:%d.%m.%Y}" if submitted_on else "—",
        },
        {
            "label": _("A listed direction"),
            "ok": bool(issue_ids & direction_ids) if direction_ids else bool(issue_ids),
            "detail": ", ".join(str(i) for i in application.local_issues.all()) or "—",
        },
        {
            "label": _("Within the maximum per project"),
            "ok": application.requested_sum <= contest.max_per_project,
            "detail": f"{application.requested_sum} / {contest.max_per_project}",
        },
        {
            "label": _("Own contribution met"),
            "ok": percent >= contest.own_contribution_percent,
            "detail": f"{percent} % / {contest.own_contribution_percent} %",
        },
        {
            "label": _("Estimate adds up"),
            "ok": total == application.total_funding and total > 0,
            "detail": f"{total} / {application.total_funding}",
        },
        {
            "label": _("Required attachments present"),
            "ok": attachments >= contest.required_attachments,
            "detail": f"{attachments} / {contest.required_attachments}",
        },
    ]


FROZEN_STATUSES = (S.PROTOCOL, S.ADOPTED, S.RESULTS, S.IMPLEMENTATION, S.CLOSED)


def protocol_progress(contest: Contest) -> dict:
    """Who of the current commission (replaced seats left out) signed the protocol, and the
    quorum its adoption needs."""
    members = list(
        contest.members.filter(replaced_at__isnull=True)
        .select_related("user", "protocol_signature")
        .order_by("-is_chair", "pk")
    )
    rows = [(m, getattr(m, "protocol_signature", None)) for m in members]
    required = max(
        1,
        selection.quorum_required(
            len(members), contest.quorum_numerator, contest.quorum_denominator
        ),
    )
    signed = sum(1 for _m, signature in rows if signature is not None)
    return {
        "rows": rows,
        "signed": signed,
        "total": len(members),
        "required": required,
        "quorum_met": signed >= required,
    }


def protocol_too_early_message(contest: Contest) -> str:
    """What the head reads when ordering the results before the protocol is adopted."""
    progress = protocol_progress(contest)
    return _(
        "The head's order approving the results can be issued only after the commission has "
        "adopted and signed its protocol at a sitting (signed: %(signed)s; quorum: "
        "%(required)s of %(total)s members)."
    ) % {k: progress[k] for k in ("signed", "required", "total")}


def member_for(user, contest: Contest) -> CommissionMember | None:
    if not user.is_authenticated:
        return None
    return CommissionMember.objects.filter(
        contest=contest, user=user, replaced_at__isnull=True
    ).first()


def contests_for_member(user):
    return (
        Contest.objects.filter(members__user=user)
        .exclude(status=S.DRAFT)
        .distinct()
        .order_by("-window_opens")
    )


def member_worklist(member: CommissionMember):
    """The eligible applications of the member's contest with the member's own state."""
    applications = list(
        member.contest.applications.filter(status__in=(A.ELIGIBLE, A.SELECTED, A.NOT_SELECTED))
        .select_related("village")
        .order_by("sequence")
    )
    declarations = {d.application_id: d for d in ConflictDeclaration.objects.filter(member=member)}
    state = defaultdict(lambda: {"count": 0, "submitted": False})
    for score in Score.objects.filter(member=member).only("application_id", "submitted"):
        state[score.application_id]["count"] += 1
        state[score.application_id]["submitted"] |= score.submitted
    for application in applications:
        application.my_declaration = declarations.get(application.pk)
        application.my_state = state[application.pk]
    return applications


def member_scoring_pending(user, contest: Contest) -> bool:
    """True when `user` sits on the contest's commission and still has applications to score."""
    member = member_for(user, contest)
    if member is None:
        return False
    eligible = set(contest.applications.filter(status=A.ELIGIBLE).values_list("pk", flat=True))
    # Only a submitted score is final. A declared conflict is not: the office may clear it,
    # and a member who had seen the others' scores would then score knowing them.
    done = set(
        Score.objects.filter(member=member, submitted=True).values_list(
            "application_id", flat=True
        )
    )
    return bool(eligible - done)


def member_has_submitted(member: CommissionMember, application: Application) -> bool:
    return Score.objects.filter(member=member, application=application, submitted=True).exists()


def member_may_see_scores(member: CommissionMember, application: Application) -> bool:
    """A member sees the others' scores only when that cannot change their own: once their own
    are submitted (final). A declared conflict is not enough (the office may clear it)."""
    return member_has_submitted(member, application)


def application_declarations(application: Application):
    """The commission's declarations on one application, for the office page."""
    declarations = list(
        ConflictDeclaration.objects.filter(application=application)
        .select_related("member__user")
        .order_by("member_id")
    )
    submitted = set(
        Score.objects.filter(application=application, submitted=True).values_list(
            "member_id", flat=True
        )
    )
    for declaration in declarations:
        declaration.scores_submitted = declaration.member_id in submitted
    return declarations


def application_other_scores(application: Application, *, exclude_member=None):
    qs = Score.objects.filter(application=application, submitted=True).select_related(
        "member__user", "criterion"
    )
    if exclude_member is not None:
        qs = qs.exclude(member=exclude_member)
    return qs.order_by("member_id", "criterion__order", "criterion_id")


def contest_candidates(contest: Contest):
    """Selection input built from the database: eligible (or already ranked) applications."""
    criteria = list(contest.criteria.all())
    members = list(contest.members.filter(replaced_at__isnull=True))  # the current commission
    seated = {m.pk for m in members}
    applications = list(
        contest.applications.filter(status__in=(A.ELIGIBLE, A.SELECTED, A.NOT_SELECTED)).order_by(
            "sequence"
        )
    )
    conflicts = set(
        ConflictDeclaration.objects.filter(
            application__contest=contest, has_conflict=True
        ).values_list("member_id", "application_id")
    )
    marks = defaultdict(lambda: defaultdict(dict))
    for member_id, application_id, criterion_id, value in Score.objects.filter(
        application__contest=contest, submitted=True
    ).values_list("member_id", "application_id", "criterion_id", "value"):
        if (member_id, application_id) not in conflicts and member_id in seated:
            marks[application_id][member_id][criterion_id] = value
    candidates = [
        selection.Candidate(
            id=a.pk,
            label=str(a),
            requested=a.requested_sum,
            own_contribution=a.own_contribution,
            submitted_at=a.submitted_at or a.created_at,
            sequence=a.sequence or 0,
            marks={m: dict(v) for m, v in marks[a.pk].items()},
            eligible_members=sum(1 for m in members if (m.pk, a.pk) not in conflicts),
        )
        for a in applications
    ]
    criteria_input = [
        selection.CriterionInput(id=c.pk, weight=c.weight, max_score=c.max_score) for c in criteria
    ]
    return candidates, criteria_input, applications, members, criteria


def contest_selection(contest: Contest) -> selection.Outcome:
    candidates, criteria_input, *_ = contest_candidates(contest)
    return selection.select(
        candidates=candidates,
        criteria=criteria_input,
        envelope=contest.budget,
        quorum_numerator=contest.quorum_numerator,
        quorum_denominator=contest.quorum_denominator,
        pass_mark=contest.pass_mark,
    )


def contest_results_snapshot(contest: Contest) -> tuple[selection.Outcome, dict]:
    """The ranking and everything the protocol, the order and the agreements print, as plain
    data: stored in `Contest.results` when the head approves, and never recomputed after."""
    candidates, criteria_input, applications, members, criteria = contest_candidates(contest)
    outcome = selection.select(
        candidates=candidates,
        criteria=criteria_input,
        envelope=contest.budget,
        quorum_numerator=contest.quorum_numerator,
        quorum_denominator=contest.quorum_denominator,
        pass_mark=contest.pass_mark,
    )
    took_part = set(
        ConflictDeclaration.objects.filter(member__contest=contest).values_list(
            "member_id", flat=True
        )
    ) | set(Score.objects.filter(member__contest=contest).values_list("member_id", flat=True))
    conflicts = set(
        ConflictDeclaration.objects.filter(
            application__contest=contest, has_conflict=True
        ).values_list("member_id", "application_id")
    )
    by_id = {a.pk: a for a in applications}
    cand_by_id = {c.id: c for c in candidates}
    rows = []
    for step in outcome.steps:
        a, c = by_id[step.candidate_id], cand_by_id[step.candidate_id]
        rows.append(
            {
                "application": a.pk,
                "registration_number": a.registration_number,
                "title": a.title,
                "requested": str(a.requested_sum),
                "contribution_cash": str(a.contribution_cash),
                "contribution_goods": str(a.contribution_goods),
                "contribution_ashar": str(a.contribution_ashar),
                "contribution_sponsors": str(a.contribution_sponsors),
                "cells": [
                    str(
                        selection.member_mark(c.marks[m.pk], criteria_input).quantize(
                            selection.CENT
                        )
                    )
                    if m.pk in c.marks
                    else None
                    for m in members
                ],
                "conflicts": [m.pk for m in members if (m.pk, a.pk) in conflicts],
                "scores": {
                    str(m): {str(k): v for k, v in marks.items()} for m, marks in c.marks.items()
                },
            }
        )
    snapshot = {
        "members": [
            {
                "id": m.pk,
                "name": m.user.full_name or m.user.username,
                "position": m.position,
                "is_chair": m.is_chair,
                "present": m.pk in took_part,
            }
            for m in members
        ],
        "criteria": [
            {"id": c.pk, "name": c.name, "weight": str(c.weight), "max_score": c.max_score}
            for c in criteria
        ],
        "rows": rows,
    }
    return outcome, snapshot


@dataclass
class FrozenApplication:
    pk: int
    registration_number: str
    title: str
    requested_sum: Decimal
    status: str  # the decision as approved: selected / not_selected

    def __str__(self):
        return f"{self.registration_number} {self.title}".strip()


@dataclass
class FrozenMember:
    pk: int
    user: str  # the name as it stood when the results were approved
    position: str
    is_chair: bool
    present: bool
    on_paper: bool = False  # signed the protocol on paper (the member could not log in)


def frozen_outcome(results: dict) -> selection.Outcome:
    """The approved outcome read back from `Contest.results` (no score is read)."""
    return selection.Outcome(
        quorum_met=results.get("quorum_met", True),
        missing_quorum=[tuple(m) for m in results.get("missing_quorum", [])],
        steps=[
            selection.Step(
                rank=s["rank"],
                candidate_id=s["application"],
                label=s["label"],
                score=Decimal(s["score"]),
                requested=Decimal(s["requested"]),
                remaining_before=Decimal(s["remaining_before"]),
                remaining_after=Decimal(s["remaining_after"]),
                selected=s["selected"],
                reason=s["reason"],
            )
            for s in results.get("steps", [])
        ],
        envelope=Decimal(results.get("envelope", "0")),
        remaining=Decimal(results.get("remaining", "0")),
    )


def frozen_scores_table(contest: Contest) -> dict:
    """The approved table, the same shape as `contest_scores_table`, from `Contest.results`.

    Results approved before the snapshot existed have no per-member marks: their rows
    carry the approved rank, score and decision only."""
    results = contest.results
    snapshot = results.get("snapshot") or {}
    outcome = frozen_outcome(results)
    members = [
        FrozenMember(
            pk=m["id"],
            user=m["name"],
            position=m.get("position", ""),
            is_chair=m["is_chair"],
            present=m["present"],
        )
        for m in snapshot.get("members", [])
    ]
    snap_rows = {r["application"]: r for r in snapshot.get("rows", [])}
    rows = []
    for step in outcome.steps:
        row = snap_rows.get(step.candidate_id, {})
        number, _sep, title = step.label.partition(" ")
        rows.append(
            {
                "application": FrozenApplication(
                    pk=step.candidate_id,
                    registration_number=row.get("registration_number", number),
                    title=row.get("title", title),
                    requested_sum=step.requested,
                    status=A.SELECTED if step.selected else A.NOT_SELECTED,
                ),
                "step": step,
                "cells": [None if v is None else Decimal(v) for v in row.get("cells", [])],
                "scores": row.get("scores", {}),
            }
        )
    return {
        "members": members,
        "criteria": snapshot.get("criteria", []),
        "rows": rows,
        "outcome": outcome,
        "frozen": True,
    }


def results_are_frozen(contest: Contest) -> bool:
    """The ranking is frozen from the commission's sitting on (the protocol it signs)."""
    return contest.status in FROZEN_STATUSES and bool(contest.results.get("steps"))


def contest_scores_table(contest: Contest) -> dict:
    """Rows per application: each member's mark (or "conflict"/"—") and the average.

    Once the results are approved this is the approved table, not a recomputation."""
    if results_are_frozen(contest):
        return frozen_scores_table(contest)
    candidates, criteria_input, applications, members, criteria = contest_candidates(contest)
    outcome = selection.select(
        candidates=candidates,
        criteria=criteria_input,
        envelope=contest.budget,
        quorum_numerator=contest.quorum_numerator,
        quorum_denominator=contest.quorum_denominator,
        pass_mark=contest.pass_mark,
    )
    by_id = {a.pk: a for a in applications}
    cand_by_id = {c.id: c for c in candidates}
    rows = []
    for step in outcome.steps:
        c = cand_by_id[step.candidate_id]
        cells = []
        for m in members:
            if m.pk in c.marks:
                cells.append(
                    selection.member_mark(c.marks[m.pk], criteria_input).quantize(selection.CENT)
                )
            else:
                cells.append(None)
        rows.append({"application": by_id[step.candidate_id], "step": step, "cells": cells})
    return {"members": members, "criteria": criteria, "rows": rows, "outcome": outcome}


def contest_open_data(contest: Contest) -> dict:
    """Results and scores of a contest as plain data (CSV/JSON), public fields only."""
    table = contest_scores_table(contest)
    support_counts = dict(
        Support.objects.filter(application__contest=contest)
        .values("application_id")
        .annotate(n=Count("id"))
        .values_list("application_id", "n")
    )
    if table.get("frozen") and table["criteria"]:
        names = {m.pk: m.user for m in table["members"]}
        criteria = {str(c["id"]): c for c in table["criteria"]}
        scores = [
            {
                "registration_number": row["application"].registration_number,
                "member": names.get(int(member_id), ""),
                "criterion": criteria[criterion_id]["name"],
                "score": value,
                "max_score": criteria[criterion_id]["max_score"],
                "weight": criteria[criterion_id]["weight"],
            }
            for row in sorted(table["rows"], key=lambda r: r["application"].registration_number)
            for member_id, marks in row["scores"].items()
            for criterion_id, value in marks.items()
        ]
    else:
        conflicts = set(
            ConflictDeclaration.objects.filter(
                application__contest=contest, has_conflict=True
            ).values_list("member_id", "application_id")
        )
        scores = [
            {
                "registration_number": s.application.registration_number,
                "member": str(s.member.user),
                "criterion": s.criterion.name,
                "score": s.value,
                "max_score": s.criterion.max_score,
                "weight": str(s.criterion.weight),
            }
            for s in Score.objects.filter(application__contest=contest, submitted=True)
            .select_related("member__user", "criterion", "application")
            .order_by("application__sequence", "member_id", "criterion__order")
            if (s.member_id, s.application_id) not in conflicts
        ]
    return {
        "contest": {
            "id": contest.pk,
            "title": contest.title,
            "status": contest.status,
            "budget": str(contest.budget),
            "max_per_project": str(contest.max_per_project),
            "window_opens": contest.window_opens.isoformat(),
            "window_closes": contest.window_closes.isoformat(),
        },
        "ranking": [
            {
                "rank": row["step"].rank,
                "registration_number": row["application"].registration_number,
                "title": row["application"].title,
                "score": str(row["step"].score),
                "requested": str(row["step"].requested),
                "selected": row["step"].selected,
                "status": row["application"].status,
                "public_support": support_counts.get(row["application"].pk, 0),
            }
            for row in table["rows"]
        ],
        "scores": scores,
    }


def paper_scores(contest: Contest) -> list[dict]:
    """Whose scores were entered by staff from a signed paper sheet, per application."""
    rows = (
        Score.objects.filter(application__contest=contest, submitted=True, from_paper=True)
        .values(
            "application__registration_number",
            "member__user__full_name",
            "member__user__username",
        )
        .distinct()
        .order_by("application__registration_number", "member__user__full_name")
    )
    return [
        {
            "application": r["application__registration_number"],
            "member": r["member__user__full_name"] or r["member__user__username"],
        }
        for r in rows
    ]


def contest_pdf_context(*, contest: Contest, document) -> dict:
    """The commission order lists today's commission; once the results are approved the
    protocol and the results order print the approved results only (`Contest.results`)."""
    members = list(contest.members.filter(replaced_at__isnull=True).select_related("user"))
    # The protocol names who declared a conflict of interest, and on which application.
    conflicts = [
        {
            "member": d.member.user.full_name or d.member.user.username,
            "application": d.application.registration_number,
        }
        for d in ConflictDeclaration.objects.filter(member__contest=contest, has_conflict=True)
        .select_related("member__user", "application")
        .order_by("member_id", "application_id")
    ]
    context = {
        "contest": contest,
        "members": members,
        "conflicts": conflicts,
        "paper_scores": paper_scores(contest),
        "replacements": list(
            contest.members.filter(replacement_order=document)
            .select_related("user", "replaced_by__user")
            .order_by("replaced_at")
        )
        if document is not None and document.pk
        else [],
    }
    if document.kind in ("protocol", "order") and contest.results.get("steps"):
        table = frozen_scores_table(contest)
        context["table"] = table
        context["winners"] = [r["application"] for r in table["rows"] if r["step"].selected]
        _mark_signers(contest, table["members"])
        if table["members"]:
            context["present"] = [m for m in table["members"] if m.present]
            context["absent"] = [m for m in table["members"] if not m.present]
            return context
    took_part = set(
        ConflictDeclaration.objects.filter(member__contest=contest).values_list(
            "member_id", flat=True
        )
    ) | set(Score.objects.filter(member__contest=contest).values_list("member_id", flat=True))
    as_frozen = [
        FrozenMember(
            pk=m.pk,
            user=m.user.full_name or m.user.username,
            position=m.position,
            is_chair=m.is_chair,
            present=m.pk in took_part,
        )
        for m in members
    ]
    context["present"] = [m for m in as_frozen if m.present]
    context["absent"] = [m for m in as_frozen if not m.present]
    return context


def _mark_signers(contest: Contest, members: list) -> None:
    """Present at the sitting = signed the protocol (contests adopted before signatures
    existed keep who took part in the scoring)."""
    signatures = {
        s.member_id: s for s in ProtocolSignature.objects.filter(member__contest=contest)
    }
    if not signatures:
        return
    for member in members:
        signature = signatures.get(member.pk)
        member.present = signature is not None
        member.on_paper = bool(signature and signature.from_paper)


def approved_funding(application: Application) -> dict | None:
    """What the approved results say about a winner: its sum and contributions as approved."""
    results = application.contest.results or {}
    for row in (results.get("snapshot") or {}).get("rows", []):
        if row["application"] == application.pk:
            return {k: Decimal(row[k]) for k in ("requested",) + CONTRIBUTIONS}
    for step in results.get("steps", []):
        if step["application"] == application.pk:
            return {"requested": Decimal(step["requested"])}
    return None


CONTRIBUTIONS = (
    "contribution_cash",
    "contribution_goods",
    "contribution_ashar",
    "contribution_sponsors",
)


def application_pdf_context(*, application: Application, document) -> dict:
    """The agreement prints the sum and contributions as approved with the results."""
    approved = approved_funding(application) or {}
    funding = {key: approved.get(key, getattr(application, key)) for key in CONTRIBUTIONS}
    funding["requested_sum"] = approved.get("requested", application.requested_sum)
    funding["own_contribution"] = sum(
        (funding[key] for key in CONTRIBUTIONS if key != "contribution_sponsors"), Decimal(0)
    )
    # Payment schedule: half on signing, the rest after the progress report is accepted.
    total = Decimal(funding["requested_sum"] or 0)
    first = (total / 2).quantize(Decimal("1"))
    reports = list(application.reports.order_by("due_date", "pk"))
    progress = next((r for r in reports if r.kind == "progress"), None)
    return {
        "reports": reports,
        "tranches": [
            {"sum": first, "after_report": None},
            {"sum": total - first, "after_report": progress},
        ],
        "results_order": application.contest.results_order,
        "application": application,
        "contest": application.contest,
        "funding": funding,
        "lines": list(application.estimate_lines.all()),
        "activities": list(application.activities.all()),
    }


def reports_open(today=None):
    """Reports not yet submitted by winners of contests in implementation, soonest first."""
    from .models import ImplementationReport

    return (
        ImplementationReport.objects.filter(
            submitted_at__isnull=True,
            application__contest__status=S.IMPLEMENTATION,
        )
        .select_related("application__contest", "application__applicant")
        .order_by("due_date", "pk")
    )


def criteria_for(contest: Contest):
    return Criterion.objects.filter(contest=contest)


def contests_search(*, query: str, limit: int) -> list[dict]:
    """Announced and later contests whose title or description matches (the portal search)."""
    from municipality.selectors.search import excerpt, text_filter

    fields = ["title_ky", "title_ru", "description_ky", "description_ru"]
    contests = text_filter(Contest.objects.exclude(status=S.DRAFT), fields, query)
    return [
        {
            "kind": _("Contest"),
            "title": c.title,
            "url": c.get_absolute_url(),
            "text": excerpt(c.description, query),
            "date": c.window_opens,
        }
        for c in contests.order_by("-window_opens", "-pk")[:limit]
    ]


def applications_search(*, query: str, limit: int) -> list[dict]:
    """Submitted applications' public fields (never contacts); links to the contest page."""
    from municipality.selectors.search import excerpt, text_filter

    fields = ["title", "problem", "beneficiaries_who", "organisation", "registration_number"]
    applications = text_filter(
        Application.objects.filter(status__in=PUBLIC_APPLICATION_STATUSES), fields, query
    )
    return [
        {
            "kind": _("Application"),
            "title": str(a),
            "url": f"{a.contest.get_absolute_url()}#application-{a.pk}",
            "text": excerpt(a.problem, query),
            "date": a.submitted_at,
        }
        for a in applications.select_related("contest").order_by("-submitted_at", "-pk")[:limit]
    ]
