"""Approving the discussed plan by order (4.10) and putting it in force."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import Gathering
from municipality.i18n import in_kyrgyz
from municipality.models import Notice, OfficialDocument
from municipality.services import (
    document_issue_publish,
    event_texts,
    head_signer,
    workflow_move,
)

from .. import permissions as perms
from ..models import (
    Activity,
    Comment,
    Plan,
    WorkingGroup,
)
from .constants import PLAN_DOCUMENT_TITLE, PLAN_ORDER_TITLE
from .plans import _lock
from .revisions import next_revision_allowed


def plan_open_points(*, plan: Plan) -> list[str]:
    """What the discussion left open: unanswered comments and directions without an activity.

    The head may approve anyway only with a recorded justification (printed in the order)."""
    points = []
    pending = plan.comments.filter(answer=Comment.Answer.PENDING).count()
    if pending:
        points.append(_("%(n)s comment(s) of residents are not answered yet.") % {"n": pending})
    present = set(plan.activities.values_list("direction", flat=True))
    for value, label in Activity.Direction.choices:
        if value not in present:
            points.append(
                _("The direction «%(direction)s» has no activity.") % {"direction": label}
            )
    return points


@transaction.atomic
def plan_approve(*, plan: Plan, actor, justification: str = "") -> Plan:
    """The head approves the discussed plan by order (4.10): order and plan PDFs, on the board.

    Open points (`plan_open_points`) block the approval unless the head records a
    justification; it is kept on the plan and printed in the order."""
    plan = _lock(plan)
    if not perms.can_approve_plan(actor, plan):
        raise PermissionDenied
    justification = (justification or "").strip()
    open_points = plan_open_points(plan=plan)
    if open_points and not justification:
        raise ValidationError(
            open_points
            + [_("Answer them first, or write a justification for approving the plan as it is.")]
        )
    problems = []
    if not plan.working_group or plan.working_group.status != WorkingGroup.Status.APPROVED:
        problems.append(_("The working group's composition has not been approved by order."))
    if not plan.activities.exists():
        problems.append(_("The plan has no activities."))
    if not plan.gatherings.filter(status=Gathering.Status.HELD).exists():
        problems.append(_("Record the village gathering that discussed the plan (4.9)."))
    if problems:
        raise ValidationError(problems)
    # printed by the order (`approval_justification` in the PDF context)
    plan.approval_justification = justification if open_points else ""
    plan.save(update_fields=["approval_justification", "updated_at"])
    signer = head_signer()

    def attach(documents):
        plan.approval_order, plan.plan_document = documents
        plan.approved_at = timezone.now()
        workflow_move(
            obj=plan,
            to=Plan.Status.APPROVED,
            actor=actor,
            reason=plan.approval_justification,
            permission=perms.can_approve_plan,
            extra_fields=["approval_order", "plan_document", "approved_at"],
        )

    document_issue_publish(
        actor=actor,
        documents=[
            {
                "kind": OfficialDocument.Kind.ORDER,
                "subject": plan,
                "title": in_kyrgyz(PLAN_ORDER_TITLE),
                "template_name": "engagement_plan/pdf/plan_order.html",
                **signer,
            },
            lambda issued: {
                "kind": OfficialDocument.Kind.PLAN,
                "subject": plan,
                "title": in_kyrgyz(
                    gettext_lazy(
                        "%(title)s (%(period)s): annex to the order of %(date)s No. %(number)s"
                    ),
                    title=in_kyrgyz(PLAN_DOCUMENT_TITLE),
                    period=plan.period,
                    date=f"{issued[0].date:%d.%m.%Y}",
                    number=issued[0].number,
                ),
                "template_name": "engagement_plan/pdf/plan.html",
                **signer,
            },
        ],
        attach=attach,
        notice=lambda documents: {
            "category": Notice.Category.PLAN,
            "subject": plan,
            **event_texts(
                event="engagement_plan.plan_approved",
                context={"plan": plan, "order": documents[0], "document": documents[1]},
            ),
        },
    )
    return plan


@transaction.atomic
def plan_put_in_force(*, plan: Plan, actor) -> Plan:
    """Put an approved plan in force; the version it replaces goes to the archive.

    At most one plan is in force. A plan that is not a revision of the one in force
    replaces it, and the replacement counts as the once-a-year revision (4.11): refused
    while that revision is not yet allowed."""
    plan = _lock(plan)
    if not perms.can_put_in_force_plan(actor, plan):
        raise PermissionDenied
    others = list(
        Plan.objects.select_for_update()
        .filter(status__in=(Plan.Status.IN_FORCE, Plan.Status.REVISED))
        .exclude(pk=plan.pk)
        .exclude(pk=plan.previous_id or 0)
    )
    for other in others:
        allowed = next_revision_allowed(plan=other)
        if allowed is not None:
            raise ValidationError(
                _(
                    "«%(plan)s» is in force. Replacing it counts as the once-a-year revision "
                    "(4.11), which is allowed from %(date)s."
                )
                % {"plan": other, "date": timezone.localtime(allowed).strftime("%d.%m.%Y")}
            )
    for other in others:
        # the replacement is this year's revision of the plan it replaces
        other.revised_at = other.archived_at = timezone.now()
        workflow_move(
            obj=other,
            to=Plan.Status.ARCHIVED,
            actor=actor,
            reason=str(plan),
            extra_fields=["revised_at", "archived_at"],
        )
    if (
        others
        and plan.previous_id is None
        and not Plan.objects.filter(previous=others[0]).exists()
    ):
        plan.previous = others[0]  # the revision chain carries the date of this revision
    plan.in_force_at = timezone.now()
    workflow_move(
        obj=plan,
        to=Plan.Status.IN_FORCE,
        actor=actor,
        permission=perms.can_put_in_force_plan,
        extra_fields=["in_force_at", "previous"],
    )
    previous = plan.previous
    if previous is not None and previous.can_become(Plan.Status.ARCHIVED):
        # The replaced version is archived as part of putting this one in force.
        previous.archived_at = timezone.now()
        workflow_move(
            obj=previous,
            to=Plan.Status.ARCHIVED,
            actor=actor,
            reason=str(plan),
            extra_fields=["archived_at"],
        )
    return plan
