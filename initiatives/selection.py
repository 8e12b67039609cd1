"""Ranking and selection of applications: a pure function, reproducible from its input.

Formula (shown on the results page):

* A member's mark for an application is the weighted share of the maximum:
  ``mark = 100 × Σ(weight_c × score_c / max_c) / Σ weight_c`` over all criteria.
* The application's score is the plain average of the marks of the members who
  submitted their scores (conflicted members are left out).
* Quorum: for each application, at least ``ceil(n × numerator / denominator)`` of
  the ``n`` non-conflicted members must have submitted (default two thirds).
* Ranking: higher score first; ties go to the larger own contribution, then the
  earlier submission, then the lower registration sequence.
* Selection walks down the ranking and selects an application while its
  requested sum fits into what is left of the envelope; one that does not fit is
  skipped with that reason and the walk goes on (a cheaper one may still fit).
* Pass mark: an application whose score is below the contest's pass mark is never
  selected, whatever money is left (reason ``below_pass_mark``).

All arithmetic is Decimal; scores are rounded to 0.01 before ranking.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CriterionInput:
    id: int
    weight: Decimal
    max_score: int


@dataclass
class Candidate:
    id: int
    label: str
    requested: Decimal
    own_contribution: Decimal
    submitted_at: datetime
    sequence: int = 0
    # member id → {criterion id → score}, only for members who submitted
    marks: dict[int, dict[int, int]] = field(default_factory=dict)
    # members allowed to score (seated and not conflicted)
    eligible_members: int = 0


@dataclass
class Step:
    rank: int
    candidate_id: int
    label: str
    score: Decimal
    requested: Decimal
    remaining_before: Decimal
    remaining_after: Decimal
    selected: bool
    reason: str  # a code: "fits", "does_not_fit", "below_pass_mark"


@dataclass
class Outcome:
    quorum_met: bool
    missing_quorum: list[tuple[int, int, int]]  # (candidate id, submitted, required)
    steps: list[Step]
    envelope: Decimal
    remaining: Decimal

    @property
    def selected_ids(self) -> list[int]:
        return [s.candidate_id for s in self.steps if s.selected]

    def as_dict(self) -> dict:
        return {
            "quorum_met": self.quorum_met,
            "missing_quorum": [list(m) for m in self.missing_quorum],
            "envelope": str(self.envelope),
            "remaining": str(self.remaining),
            "steps": [
                {
                    "rank": s.rank,
                    "application": s.candidate_id,
                    "label": s.label,
                    "score": str(s.score),
                    "requested": str(s.requested),
                    "remaining_before": str(s.remaining_before),
                    "remaining_after": str(s.remaining_after),
                    "selected": s.selected,
                    "reason": s.reason,
                }
                for s in self.steps
            ],
        }


def quorum_required(eligible_members: int, numerator: int, denominator: int) -> int:
    """The smallest whole number of members that is at least numerator/denominator of them."""
    return -(-eligible_members * numerator // denominator)


def member_mark(scores: dict[int, int], criteria: list[CriterionInput]) -> Decimal:
    """100 × Σ(w × s / max) / Σ w; a missing criterion counts as zero."""
    total_weight = sum((c.weight for c in criteria), Decimal(0))
    if not total_weight:
        return Decimal(0)
    weighted = sum(
        (c.weight * Decimal(scores.get(c.id, 0)) / Decimal(c.max_score) for c in criteria),
        Decimal(0),
    )
    return Decimal(100) * weighted / total_weight


def candidate_score(candidate: Candidate, criteria: list[CriterionInput]) -> Decimal:
    if not candidate.marks:
        return Decimal(0).quantize(CENT)
    marks = [member_mark(s, criteria) for s in candidate.marks.values()]
    return (sum(marks, Decimal(0)) / len(marks)).quantize(CENT, rounding=ROUND_HALF_UP)


def select(
    *,
    candidates: list[Candidate],
    criteria: list[CriterionInput],
    envelope: Decimal,
    quorum_numerator: int = 2,
    quorum_denominator: int = 3,
    pass_mark: Decimal = Decimal(0),
) -> Outcome:
    """Rank the candidates and select them within the envelope; see the module docstring."""
    missing = []
    for c in candidates:
        required = quorum_required(c.eligible_members, quorum_numerator, quorum_denominator)
        if len(c.marks) < required or (required == 0 and not c.marks):
            missing.append((c.id, len(c.marks), max(required, 1)))
    scored = [(candidate_score(c, criteria), c) for c in candidates]
    scored.sort(
        key=lambda p: (-p[0], -p[1].own_contribution, p[1].submitted_at, p[1].sequence, p[1].id)
    )
    remaining = envelope
    steps = []
    for rank, (score, c) in enumerate(scored, start=1):
        before = remaining
        passes = score >= pass_mark
        fits = passes and c.requested <= remaining
        if fits:
            remaining -= c.requested
        steps.append(
            Step(
                rank=rank,
                candidate_id=c.id,
                label=c.label,
                score=score,
                requested=c.requested,
                remaining_before=before,
                remaining_after=remaining,
                selected=fits,
                reason="fits" if fits else ("does_not_fit" if passes else "below_pass_mark"),
            )
        )
    return Outcome(
        quorum_met=not missing,
        missing_quorum=missing,
        steps=steps,
        envelope=envelope,
        remaining=remaining,
    )
