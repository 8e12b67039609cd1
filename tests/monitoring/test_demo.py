import io

import pytest

from monitoring.models import MonitoringGroup, Protocol, Recommendation

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(django_capture_on_commit_callbacks):
    from monitoring.demo import seed
    from municipality.demo import seed as seed_kernel

    with django_capture_on_commit_callbacks(execute=True):
        context = seed_kernel(password="x-Demo-123", stdout=io.StringIO())
        seed(**context)
        seed(**context)
    group = MonitoringGroup.objects.get()
    assert group.members.count() == 5 and group.subjects.count() == 3
    assert Protocol.objects.public().count() == 2
    assert all(p.photos.count() == 1 and p.document.file for p in Protocol.objects.all())
    assert set(Recommendation.objects.values_list("status", flat=True)) == {
        "open",
        "answered",
        "resolved",
        "reopened",
    }
