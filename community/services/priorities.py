"""The priority register: entries, the problems under them, links, closing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipality.models import AuditEntry
from municipality.services.audit import audit_record
from municipality.services.workflow import workflow_move

from .. import permissions as perms
from ..models import (
    Priority,
    PriorityLink,
    Problem,
)
from ._common import _check_manage


@transaction.atomic
def priority_create(
    *,
    actor,
    title: str,
    rank: int,
    local_issue=None,
    problems=(),
    villages=(),
    description: str = "",
    title_ru: str = "",
    description_ru: str = "",
) -> Priority:
    """Enter a priority in the register from the problems the villages raised.

    `local_issue` None means "other / outside the competence of local self-government".
    The villages are those of the problems' meetings plus any given.
    """
    _check_manage(actor)
    if not rank or rank < 1:
        raise ValidationError({"rank": _("The rank is 1 or more.")})
    priority = Priority.objects.create(
        title_ky=title,
        title_ru=title_ru,
        description_ky=description,
        description_ru=description_ru,
        local_issue=local_issue,
        rank=rank,
    )
    village_ids = {v.pk for v in villages}
    for problem in problems:
        if problem.priority_id is not None:
            raise ValidationError(_("This problem is already in the register."))
        problem.priority = priority
        problem.save(update_fields=["priority"])
        village_ids.add(problem.assessment.village_id)
    if not village_ids:
        raise ValidationError(_("Name the villages that raised the priority."))
    priority.villages.set(village_ids)
    audit_record(actor=actor, obj=priority, action=AuditEntry.Action.CREATE)
    return priority


@transaction.atomic
def problem_attach(*, problem: Problem, priority: Priority, actor) -> Problem:
    """Count a problem one more village raised under an existing priority."""
    _check_manage(actor)
    if problem.priority_id is not None:
        raise ValidationError(_("This problem is already in the register."))
    problem.priority = priority
    problem.save(update_fields=["priority"])
    priority.villages.add(problem.assessment.village_id)
    audit_record(actor=actor, obj=priority, reason=f"problem #{problem.pk}")
    return problem


@transaction.atomic
def priority_close(*, priority: Priority, actor, reason: str) -> Priority:
    """Close a priority with a reason (it is never deleted once the cycle refers to it)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the priority is closed.")})
    priority.close_reason = reason.strip()
    return workflow_move(
        obj=priority,
        to=Priority.Status.CLOSED,
        actor=actor,
        reason=reason,
        permission=perms.can_close_priority,
        extra_fields=["close_reason"],
    )


@transaction.atomic
def priority_delete(*, priority: Priority, actor) -> None:
    """Delete a priority entered by mistake; refused once anything refers to it."""
    _check_manage(actor)
    if (
        priority.links.exists()
        or priority.initiative_groups.exists()
        or priority.annual_reports.exists()
        or priority.plans.exists()
    ):
        raise ValidationError(
            _(
                "A plan, budget line, contest or group refers to this priority: it cannot be "
                "deleted. Close it with a reason instead."
            )
        )
    audit_record(actor=actor, obj=priority, action=AuditEntry.Action.DELETE)
    priority.problems.update(priority=None)
    priority.delete()


@transaction.atomic
def priority_link(*, priority: Priority, actor, **target) -> PriorityLink:
    """Tie a priority to one thing the cycle did about it (exactly one target keyword).

    The targets: plan_activity, budget_line, application (a contest project) or protocol.
    """
    _check_manage(actor)
    given = {k: v for k, v in target.items() if v is not None}
    if len(given) != 1 or not set(given) <= set(PriorityLink.TARGETS):
        raise ValidationError(_("Choose one thing to link."))
    ((name, obj),) = given.items()
    if PriorityLink.objects.filter(priority=priority, **{name: obj}).exists():
        raise ValidationError(_("This is already linked to the priority."))
    link = PriorityLink.objects.create(priority=priority, created_by=actor, **given)
    audit_record(actor=actor, obj=priority, reason=f"link {name} #{obj.pk}")
    return link


@transaction.atomic
def priority_unlink(*, link: PriorityLink, actor) -> None:
    """Remove a link made by mistake (audited on the priority)."""
    _check_manage(actor)
    audit_record(actor=actor, obj=link.priority, reason=f"unlink #{link.pk}")
    link.delete()
