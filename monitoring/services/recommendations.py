"""The office's answers to recommendations and the chair's review of them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.services import (
    workflow_move,
)

from .. import permissions as perms
from ..models import (
    Recommendation,
)
from .common import _require

# Recommendations


@transaction.atomic
def recommendation_answer(
    *, actor, recommendation: Recommendation, response: str, action_taken: str = ""
) -> Recommendation:
    """The ayil okmotu answers: what it says and what was done."""
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related("protocol__group")
        .get(pk=recommendation.pk)
    )
    _require(perms.can_answer_recommendation(actor, recommendation))
    if not response.strip():
        raise ValidationError({"response": _("Write the answer.")})
    workflow_move(
        obj=recommendation,
        to=Recommendation.Status.ANSWERED,
        actor=actor,
        permission=perms.can_answer_recommendation,
    )
    recommendation.response = response.strip()
    recommendation.action_taken = action_taken.strip()
    recommendation.answered_by = actor
    recommendation.answered_at = timezone.now()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_resolve(
    *, actor, recommendation: Recommendation, note: str = ""
) -> Recommendation:
    """The group accepts the answer: the recommendation is resolved."""
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related("protocol__group")
        .get(pk=recommendation.pk)
    )
    _require(perms.can_review_recommendation(actor, recommendation))
    workflow_move(
        obj=recommendation,
        to=Recommendation.Status.RESOLVED,
        actor=actor,
        reason=note,
        permission=perms.can_review_recommendation,
    )
    recommendation.group_note = note.strip()
    recommendation.closed_at = timezone.now()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_reopen(*, actor, recommendation: Recommendation, note: str) -> Recommendation:
    """The group does not accept the answer; the ayil okmotu must answer again."""
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related("protocol__group")
        .get(pk=recommendation.pk)
    )
    _require(perms.can_review_recommendation(actor, recommendation))
    if not note.strip():
        raise ValidationError({"note": _("Say why the answer is not accepted.")})
    workflow_move(
        obj=recommendation,
        to=Recommendation.Status.REOPENED,
        actor=actor,
        reason=note,
        permission=perms.can_review_recommendation,
    )
    recommendation.group_note = note.strip()
    recommendation.save()
    return recommendation
