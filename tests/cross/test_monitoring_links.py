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
