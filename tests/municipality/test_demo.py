import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from municipality.models import User

pytestmark = pytest.mark.django_db


def test_demo_gives_every_account_its_roles_even_when_the_role_groups_are_gone(settings):
    # A transactional test's flush empties auth_group; the demo must not depend on migration rows.
    Group.objects.all().delete()
    call_command("seed_demo", force=True, password="demo-Pass-1")
    assert User.objects.get(username="staff").is_office
    assert User.objects.get(username="head").has_role("head")
    assert User.objects.get(username="kenesh").has_role("kenesh_secretary")
    assert User.objects.get(username="resident1").groups.count() == 0
    assert User.objects.get(username="head").check_password("demo-Pass-1")


def test_demo_restores_the_legal_list_and_the_contest_directions_after_a_flush():
    from initiatives.models import Contest
    from municipality.models import LocalIssueReference

    LocalIssueReference.objects.all().delete()
    call_command("seed_demo", force=True)
    assert LocalIssueReference.objects.count() == 22
    accepting = Contest.objects.get(status=Contest.Status.ACCEPTING)
    assert {issue.reference.number for issue in accepting.directions.all()} == {18, 19, 21}


def test_demo_plan_takes_its_priorities_from_the_register():
    from engagement_plan.models import Plan

    call_command("seed_demo", force=True)
    plan = Plan.objects.order_by("pk").first()
    assert [p.rank for p in plan.assessment_priorities.order_by("rank")] == [1, 2]


def test_demo_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
