"""Composition rules of the working group (seed 004, 4.3–4.4), as a pure function.

Rules and how strictly they apply:

* at least 7 members (4.3: "7 кишиден кем эмес") — **binding**;
* each sex makes up at least 30 % of the members (4.4: "30 пайыздан кем эмес
  бир жыныстагы") — **binding**;
* representatives of ethnic minorities **and** of persons with disabilities **and** of
  other social groups (4.4: "этникалык азчылыктарынын, майыптардын жана башка социалдык
  топтордун өкүлдөрү") — each checked on its own, **binding**; youth counts as another
  social group;
* "about one third" from each category (4.3) — a **recommendation**: a group of
  7 cannot be split into exact thirds, so "about" means each category makes up
  between 25 % and 45 % of the members, inclusive (7 split 2–2–3 passes,
  8 split 2–3–3 passes). The head may approve a group that misses it only with
  a recorded justification.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Sex, WorkingGroupMember

MIN_MEMBERS = 7
MIN_SEX_PERCENT = 30
CATEGORY_MIN_PERCENT = 25
CATEGORY_MAX_PERCENT = 45


@dataclass(frozen=True)
class RuleFailure:
    code: str
    message: str
    recommendation: bool = False


def _percent_at_least(part: int, whole: int, percent: int) -> bool:
    return part * 100 >= percent * whole


def composition_failures(members) -> list[RuleFailure]:
    """The rules the members (objects with category, sex and the four flags) break."""
    members = list(members)
    total = len(members)
    failures = []
    if total < MIN_MEMBERS:
        failures.append(
            RuleFailure(
                "min_members",
                _("The group needs at least %(min)s members; it has %(n)s.")
                % {"min": MIN_MEMBERS, "n": total},
            )
        )
    if total:
        for value, label in Sex.choices:
            count = sum(1 for m in members if m.sex == value)
            if not _percent_at_least(count, total, MIN_SEX_PERCENT):
                failures.append(
                    RuleFailure(
                        "sex_balance",
                        _(
                            "Each sex must make up at least %(min)s %% of the group: "
                            "%(sex)s: %(count)s of %(total)s."
                        )
                        % {"min": MIN_SEX_PERCENT, "sex": label, "count": count, "total": total},
                    )
                )
    else:
        failures.append(
            RuleFailure(
                "sex_balance",
                _("Each sex must make up at least %(min)s %% of the group.")
                % {"min": MIN_SEX_PERCENT},
            )
        )
    groups = [
        (
            "ethnic_minority",
            lambda m: m.is_ethnic_minority,
            _("The group needs a representative of the community's ethnic minorities (4.4)."),
        ),
        (
            "disabled",
            lambda m: m.is_disabled,
            _("The group needs a representative of persons with disabilities (4.4)."),
        ),
        (
            "other_social_group",
            lambda m: m.is_youth or m.is_other_social_group,
            _(
                "The group needs a representative of another social group, for example "
                "youth (4.4)."
            ),
        ),
    ]
    for code, represents, message in groups:
        if not any(represents(m) for m in members):
            failures.append(RuleFailure(f"social_groups:{code}", message))
    for value, label in WorkingGroupMember.Category.choices:
        count = sum(1 for m in members if m.category == value)
        low = count * 100 < CATEGORY_MIN_PERCENT * total
        high = count * 100 > CATEGORY_MAX_PERCENT * total
        if not total or low or high:
            failures.append(
                RuleFailure(
                    "category_balance",
                    _(
                        "About one third of the group should be in each category "
                        "(between %(low)s %% and %(high)s %%): "
                        "%(category)s: %(count)s of %(total)s."
                    )
                    % {
                        "low": CATEGORY_MIN_PERCENT,
                        "high": CATEGORY_MAX_PERCENT,
                        "category": label,
                        "count": count,
                        "total": total,
                    },
                    recommendation=True,
                )
            )
    return failures
