import io

import pytest

from budget import demo
from budget.models import BudgetLine, Hearing, Proposal

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent():
    from municipality.demo import seed as seed_kernel

    context = seed_kernel(password="demo-pass-123", stdout=io.StringIO())
    demo.seed(**context)
    counts = (BudgetLine.objects.count(), Hearing.objects.count(), Proposal.objects.count())
    demo.seed(**context)
    assert counts == (
        BudgetLine.objects.count(),
        Hearing.objects.count(),
        Proposal.objects.count(),
    )
    assert counts[0] == 30
    statuses = set(Hearing.objects.values_list("status", flat=True))
    assert statuses == {Hearing.Status.ANNOUNCED, Hearing.Status.PROTOCOL_PUBLISHED}
    assert not Proposal.objects.filter(
        hearing__status=Hearing.Status.PROTOCOL_PUBLISHED, decision=""
    ).exists()
