"""The demo can be played through: every printed account logs in, and the contest left in
evaluation is finished by its commission members logging in themselves."""

import io

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from initiatives import services
from initiatives.models import Application, Contest

pytestmark = pytest.mark.django_db
PASSWORD = "x-Demo-123"


@override_settings(DEBUG=True)
def test_every_printed_account_logs_in_and_the_evaluation_can_be_finished(municipality):
    out = io.StringIO()
    call_command("seed_demo", password=PASSWORD, stdout=out)
    printed = out.getvalue().split("Demo accounts", 1)[1].splitlines()[1:]
    usernames = [line.strip() for line in printed if line.startswith("  ")]
    assert {"commission4", "commission5"} <= set(usernames)
    for username in usernames:
        assert Client().login(username=username, password=PASSWORD), username
    today = timezone.localdate()
    for past in Contest.objects.exclude(
        status__in=[Contest.Status.DRAFT, Contest.Status.ANNOUNCED, Contest.Status.ACCEPTING]
    ):
        assert past.window_closes < today, past  # a closed window is in the past
        for application in past.applications.exclude(submitted_at=None):
            assert timezone.localdate(application.submitted_at) <= past.window_closes
    contest = Contest.objects.get(status=Contest.Status.EVALUATION)
    from municipality.models import User

    head = User.objects.get(username="head")
    eligible = list(contest.applications.filter(status=Application.Status.ELIGIBLE))
    assert eligible
    for member in contest.members.filter(replaced_at__isnull=True).select_related("user"):
        assert member.user.username in usernames and member.user.has_usable_password()
        for application in eligible:
            if member.scores.filter(application=application, submitted=True).exists():
                continue
            declared = member.declarations.filter(application=application).first()
            if declared is None:
                services.declaration_record(
                    actor=member.user, application=application, has_conflict=False
                )
            elif declared.has_conflict:
                continue
            values = {c.pk: (c.max_score // 2, "") for c in contest.criteria.all()}
            services.scores_save(
                actor=member.user, application=application, values=values, submit=True
            )
    staff = User.objects.get(username="staff")
    services.contest_move(actor=staff, contest=contest, to=Contest.Status.PROTOCOL)
    _sign_adopt_and_order(contest, usernames, staff=staff, head=head)
    # The contest left at its sitting: the members who have not signed yet sign it themselves.
    sitting = Contest.objects.get(status=Contest.Status.PROTOCOL)
    _sign_adopt_and_order(sitting, usernames, staff=staff, head=head)
    # The contest whose protocol is adopted: the head approves the results by order.
    adopted = Contest.objects.get(status=Contest.Status.ADOPTED)
    services.contest_move(actor=head, contest=adopted, to=Contest.Status.RESULTS)
    adopted.refresh_from_db()
    assert adopted.status == Contest.Status.RESULTS and adopted.results_order_id


def _sign_adopt_and_order(contest, usernames, *, staff, head):
    for member in contest.members.filter(
        replaced_at__isnull=True, protocol_signature__isnull=True
    ).select_related("user"):
        assert member.user.username in usernames and member.user.has_usable_password()
        services.protocol_sign(actor=member.user, contest=contest)
    services.contest_move(actor=staff, contest=contest, to=Contest.Status.ADOPTED)
    services.contest_move(actor=head, contest=contest, to=Contest.Status.RESULTS)
    contest.refresh_from_db()
    assert contest.status == Contest.Status.RESULTS
