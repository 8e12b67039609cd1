import io

import pytest

from community.models import AnnualReport, Assessment, Gathering, Priority
from municipality.models import OfficialDocument

pytestmark = pytest.mark.django_db


def test_demo_seed_is_a_year_of_the_cycle_and_idempotent(django_capture_on_commit_callbacks):
    from community.demo import seed
    from municipality.demo import seed as seed_kernel

    with django_capture_on_commit_callbacks(execute=True):
        context = seed_kernel(password="x-Demo-123", stdout=io.StringIO())
        seed(**context)
        seed(**context)
    assert Assessment.objects.count() == 3
    assert Priority.objects.count() == 3
    assert Priority.objects.get(rank=1).villages.count() == 3
    assert Priority.objects.get(rank=1).initiative_groups.count() == 1
    gathering = Gathering.objects.get()
    assert gathering.status == Gathering.Status.HELD and gathering.attendance.total == 120
    report = AnnualReport.objects.get(status=AnnualReport.Status.PUBLISHED)
    assert report.document.status == OfficialDocument.Status.ISSUED
    # One record, one number: the Russian PDF is a translation copy of the Kyrgyz original.
    assert OfficialDocument.objects.filter(kind=OfficialDocument.Kind.REPORT).count() == 1
