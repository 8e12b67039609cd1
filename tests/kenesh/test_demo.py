import io

import pytest

from kenesh.models import Commission, Deputy, Initiative, Resolution, Session

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(django_capture_on_commit_callbacks):
    from kenesh.demo import seed
    from municipality.demo import seed as seed_kernel

    with django_capture_on_commit_callbacks(execute=True):
        context = seed_kernel(password="x-Demo-123", stdout=io.StringIO())
        seed(**context)
        seed(**context)
    assert Deputy.objects.count() == 9
    assert Commission.objects.count() == 2
    assert all(c.chair in c.members.all() for c in Commission.objects.all())
    assert all(r.pdf_ru for r in Resolution.objects.filter(status=Resolution.Status.PUBLISHED))
    assert Session.objects.filter(status=Session.Status.HELD).count() == 1
    assert Session.objects.filter(status=Session.Status.ANNOUNCED).count() == 1
    published = Resolution.objects.filter(status=Resolution.Status.PUBLISHED)
    assert published.count() == 2
    assert all(r.document.file for r in published)
    initiative = Initiative.objects.get()
    assert initiative.status == Initiative.Status.COLLECTING
    assert initiative.signatures.count() == 6
