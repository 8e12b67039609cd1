"""A contest project's public page and a plan activity show their monitoring protocols."""

import pytest
from django.contrib.contenttypes.models import ContentType

from engagement_plan.models import Plan
from initiatives.models import Application, Contest
from monitoring.models import Protocol
from tests.engagement_plan.factories import ActivityFactory, PlanFactory
from tests.initiatives.factories import ApplicationFactory
from tests.monitoring.factories import ProtocolFactory, SubjectFactory

pytestmark = pytest.mark.django_db


def _protocol_about(obj, status):
    subject = SubjectFactory(target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk)
    return ProtocolFactory(subject=subject, status=status, address="Мектеп көчөсү, 7")


def test_contest_page_lists_the_signed_protocols_of_each_project(client, municipality):
    application = ApplicationFactory(status=Application.Status.SELECTED)
    Contest.objects.filter(pk=application.contest_id).update(status=Contest.Status.IMPLEMENTATION)
    signed = _protocol_about(application, Protocol.Status.PUBLISHED)
    draft = _protocol_about(application, Protocol.Status.DRAFT)

    page = client.get(f"/ky/initiatives/{application.contest_id}/").content.decode()

    assert signed.get_absolute_url() in page
    assert draft.get_absolute_url() not in page


def test_plan_page_lists_the_signed_protocols_of_each_activity(client, municipality):
    plan = PlanFactory(status=Plan.Status.IN_FORCE)
    activities = ActivityFactory.create_batch(3, plan=plan)
    signed = [_protocol_about(activity, Protocol.Status.SIGNED) for activity in activities]

    page = client.get("/ky/plan/").content.decode()

    for protocol in signed:
        assert protocol.get_absolute_url() in page


@pytest.mark.parametrize("count", [2, 20])
def test_link_choices_cost_one_query_per_kind(count, django_assert_num_queries):
    """The subject form's choices: one query for each linkable kind, whatever the data."""
    from monitoring.links import LINKABLE, link_choices, link_resolve
    from tests.budget.factories import BudgetLineFactory

    lines = [BudgetLineFactory(year=2000 + i) for i in range(count)]
    ActivityFactory.create_batch(count)
    with django_assert_num_queries(len(LINKABLE)):
        groups = dict(link_choices())
    assert len(sum(groups.values(), [])) >= 2 * count
    assert link_resolve(f"budget:{lines[0].pk}") == ("budget", lines[0])
    assert link_resolve("budget:x") == (None, None)
    assert link_resolve(f"nothing:{lines[0].pk}") == (None, None)
