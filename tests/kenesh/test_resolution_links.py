"""Typed resolution numbers of contests and monitoring groups link to the register."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from kenesh import services
from kenesh.models import Resolution
from tests.initiatives.factories import ContestFactory
from tests.monitoring.factories import MonitoringGroupFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 2, 14)


def test_data_migration_registers_and_links_typed_numbers(client, municipality):
    contest = ContestFactory(resolution_number="7-2", resolution_date=DAY)
    group = MonitoringGroupFactory(resolution_number="7-2", resolution_date=DAY)
    other = MonitoringGroupFactory(resolution_number="9", resolution_date=DAY)
    migration = importlib.import_module("kenesh.migrations.0002_register_typed_resolutions")
    migration.forwards(apps, None)
    contest.refresh_from_db()
    group.refresh_from_db()
    other.refresh_from_db()
    assert contest.kenesh_resolution == group.kenesh_resolution
    assert contest.kenesh_resolution.number == "7-2"
    assert other.kenesh_resolution.number == "9"
    assert Resolution.objects.count() == 2
    page = client.get(reverse("monitoring:group-detail", args=[group.pk])).content.decode()
    assert reverse("kenesh:resolution-detail", args=[group.kenesh_resolution_id]) in page
    assert client.get(group.kenesh_resolution.get_absolute_url()).status_code == 200


def test_publishing_a_resolution_links_the_typed_places(municipality, kenesh_user):
    group = MonitoringGroupFactory(resolution_number="3", resolution_date=DAY)
    resolution = services.resolution_register(
        actor=kenesh_user, number="3", adopted_on=DAY, title="Топ", text="Түзүлсүн."
    )
    group.refresh_from_db()
    assert group.kenesh_resolution is None
    services.resolution_publish(actor=kenesh_user, resolution=resolution)
    group.refresh_from_db()
    assert group.kenesh_resolution == resolution
