import io

import pytest
from django.contrib.auth.models import Group

from engagement_plan import demo
from engagement_plan.models import Plan, WorkingGroup
from engagement_plan.rules import composition_failures
from municipality.demo import seed as seed_kernel

pytestmark = pytest.mark.django_db


def test_demo_is_valid_and_idempotent():
    for name in (
        "staff",
        "head",
        "kenesh_secretary",
        "commission_member",
        "monitoring_member",
        "administrator",
    ):
        Group.objects.get_or_create(name=name)
    context = seed_kernel(password="x-Pass-123", stdout=io.StringIO())
    demo.seed(**context)
    demo.seed(**context)
    group = WorkingGroup.objects.get()
    assert group.members.count() == 9 and composition_failures(group.members.all()) == []
    in_force = Plan.objects.get(status=Plan.Status.IN_FORCE)
    assert in_force.activities.count() == 10
    assert in_force.activities.filter(status="done").count() >= 5
    assert Plan.objects.get(status=Plan.Status.DISCUSSION).comments.count() == 2
