import io

import pytest

from initiatives.models import Application, Contest

pytestmark = pytest.mark.django_db


def test_demo_has_a_contest_in_each_state_and_is_idempotent():
    from initiatives import demo
    from municipality.demo import seed as seed_kernel

    context = seed_kernel(password="x-Demo-123", stdout=io.StringIO())
    demo.seed(**context)  # PDFs render after commit, which a test transaction never does
    demo.seed(**context)
    assert set(Contest.objects.values_list("status", flat=True)) == set(Contest.Status.values)
    alamudun = Contest.objects.get(title_ky=demo.ALAMUDUN_TITLE)
    assert alamudun.budget == 78000 and alamudun.members.count() == 5
    winners = alamudun.applications.filter(status=Application.Status.SELECTED)
    assert [w.requested_sum for w in winners] == [39000, 39000]
    assert alamudun.applications.count() == 3
    assert alamudun.protocol.kind == "protocol" and alamudun.results_order.kind == "order"
