"""Ranking, the frozen results and what the protocol and the orders print."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from .. import selection
from ..models import (
    ConflictDeclaration,
    Contest,
    ProtocolSignature,
    Score,
    Support,
)
from .common import FROZEN_STATUSES, A


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
