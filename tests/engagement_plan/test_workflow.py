"""Activities and plans move through the kernel workflow: audit rows and refusals."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from engagement_plan import services
from engagement_plan.models import Activity, Plan
from municipality.models import AuditEntry

from .factories import ActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _evidence(activity, actor, **extra):
    return services.activity_record_evidence(
        activity=activity,
        actor=actor,
        held_on=timezone.localdate(),
        place=extra.pop("place", "Мектеп"),
        result="Өттү",
        **extra,
    )


def test_evidence_moves_the_activity_to_done_with_one_audit_row(municipality, staff_user):
    activity = ActivityFactory(plan=PlanFactory(status=Plan.Status.IN_FORCE))
    _evidence(activity, staff_user)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.old_status, entry.new_status) == (
        AuditEntry.Action.TRANSITION,
        Activity.Status.PLANNED,
        Activity.Status.DONE,
    )


def test_correcting_the_evidence_of_a_done_activity_is_an_edit_not_a_move(
    municipality, staff_user
):
    activity = ActivityFactory(plan=PlanFactory(status=Plan.Status.IN_FORCE))
    _evidence(activity, staff_user)
    _evidence(activity, staff_user, place="Клуб")
    edit = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).get()
    assert edit.changes == {"place": ["Мектеп", "Клуб"]}
    assert AuditEntry.objects.filter(action=AuditEntry.Action.TRANSITION).count() == 1
    activity.refresh_from_db()
    assert (activity.status, activity.place) == (Activity.Status.DONE, "Клуб")


def test_starting_a_cancelled_activity_names_both_statuses(municipality, staff_user):
    activity = ActivityFactory(
        plan=PlanFactory(status=Plan.Status.IN_FORCE), status=Activity.Status.CANCELLED
    )
    with translation.override("ky"), pytest.raises(ValidationError) as error:
        services.activity_start(activity=activity, actor=staff_user)
    with translation.override("ky"):
        message = error.value.messages[0]
        assert str(Activity.Status.CANCELLED.label) in message
        assert str(Activity.Status.IN_PROGRESS.label) in message
    assert not AuditEntry.objects.exists()


def test_a_stale_page_cannot_cancel_an_activity_already_done(municipality, staff_user):
    """The clerk's page still shows "planned"; the row says done, and the row wins."""
    activity = ActivityFactory(plan=PlanFactory(status=Plan.Status.IN_FORCE))
    stale = Activity.objects.get(pk=activity.pk)
    _evidence(activity, staff_user)
    with pytest.raises(ValidationError):
        services.activity_cancel(activity=stale, actor=staff_user, reason="Каражат жок")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE and activity.cancel_reason == ""


def test_a_resident_cannot_return_a_plan_to_draft(municipality, resident):
    plan = PlanFactory(status=Plan.Status.DISCUSSION)
    with pytest.raises(PermissionDenied):
        services.plan_return_to_draft(plan=plan, actor=resident, reason="Жок")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DISCUSSION
