from decimal import Decimal

import pytest

from initiatives.models import Contest
from tests.initiatives.factories import ApplicationFactory, CommissionMemberFactory, ContestFactory


@pytest.fixture
def evaluation_contest(municipality):
    """A contest in evaluation with three members (first is chair) and three eligible applications."""
    from initiatives.models import Application

    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    members = [CommissionMemberFactory(contest=contest, is_chair=(i == 0)) for i in range(3)]
    apps = []
    for i, requested in enumerate([39000, 39000, 35000]):
        a = ApplicationFactory(contest=contest, requested_sum=Decimal(requested))
        a.status = Application.Status.ELIGIBLE
        a.sequence = i + 1
        a.registration_number = f"{contest.pk}-{i + 1:03d}"
        from django.utils import timezone

        a.submitted_at = timezone.now()
        a.save()
        apps.append(a)
    contest.status = Contest.Status.EVALUATION
    contest.save()
    return contest, members, apps
