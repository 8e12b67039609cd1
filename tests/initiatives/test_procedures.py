"""Issue 14, contest procedures: each rule at its boundary, through the views."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import Application, Contest
from municipality.models import Notice
from tests.initiatives.factories import (
    ApplicationFactory,
    CommissionMemberFactory,
    ContestFactory,
    adopt_protocol,
)
from tests.initiatives.test_views import form_data

pytestmark = pytest.mark.django_db
S = Contest.Status


def _score(contest, members, apps, values):
    for member in members:
        for application, value in zip(apps, values, strict=True):
            services.declaration_record(
                actor=member.user, application=application, has_conflict=False
            )
            services.scores_save(
                actor=member.user,
                application=application,
                submit=True,
                values={c.pk: (value, "") for c in contest.criteria.all()},
            )


def test_pass_mark_leaves_money_unspent(client, evaluation_contest, head_user):
    contest, members, apps = evaluation_contest
    contest.budget = Decimal(200000)  # every project fits: only the pass mark decides
    contest.pass_mark = Decimal(70)
    contest.save()
    _score(contest, members, apps, (8, 7, 6))  # marks 80, 70 (the boundary) and 60
    adopt_protocol(contest, actor=head_user)
    client.force_login(head_user)
    client.post(reverse("initiatives:office-move", args=[contest.pk]), {"to": "results"})
    contest.refresh_from_db()
    assert contest.status == S.RESULTS
    statuses = [Application.objects.get(pk=a.pk).status for a in apps]
    assert statuses == ["selected", "selected", "not_selected"]
    weak = Application.objects.get(pk=apps[2].pk)
    assert "өтүү баллынан" in weak.reason
    assert contest.results["remaining"] == "122000.00"
    page = client.get(reverse("initiatives:contest", args=[contest.pk])).content.decode()
    assert "өтүү баллынан төмөн" in page


def _accepting_with_commission(head_user, closes):
    contest = ContestFactory(
        status=S.ACCEPTING,
        window_opens=timezone.localdate() - datetime.timedelta(days=10),
        window_closes=closes,
    )
    CommissionMemberFactory(contest=contest, is_chair=True)
    services.commission_appoint(actor=head_user, contest=contest)
    return contest


def test_intake_cannot_close_before_the_published_deadline(client, municipality, head_user):
    today = timezone.localdate()
    contest = _accepting_with_commission(head_user, closes=today)
    client.force_login(head_user)
    url = reverse("initiatives:office-move", args=[contest.pk])
    page = client.post(url, {"to": "evaluation"}, follow=True).content.decode()
    contest.refresh_from_db()
    assert contest.status == S.ACCEPTING  # the deadline is today: still open
    assert f"{today:%d.%m.%Y}" in page and "узартыңыз" in page
    Contest.objects.filter(pk=contest.pk).update(window_closes=today - datetime.timedelta(days=1))
    client.post(url, {"to": "evaluation"})
    contest.refresh_from_db()
    assert contest.status == S.EVALUATION


def test_extending_the_window_posts_a_notice(client, municipality, staff_user, resident):
    contest = ContestFactory(status=S.ACCEPTING)
    old = contest.window_closes
    url = reverse("initiatives:office-extend", args=[contest.pk])
    client.force_login(staff_user)
    page = client.post(url, {"window_closes": old.isoformat()}, follow=True).content.decode()
    assert "кийин болушу керек" in page
    contest.refresh_from_db()
    assert contest.window_closes == old and not Notice.objects.exists()
    later = old + datetime.timedelta(days=7)
    client.post(url, {"window_closes": later.isoformat()})
    contest.refresh_from_db()
    assert contest.window_closes == later
    notice = Notice.objects.get()
    assert f"{later:%d.%m.%Y}" in notice.body_ky and "узартылды" in notice.title_ky
    client.force_login(resident)
    assert client.post(url, {"window_closes": later.isoformat()}).status_code == 403


@pytest.mark.parametrize(("to", "word"), [("cancelled", "жокко чыгарылды"), ("postponed", "")])
def test_postpone_or_cancel_needs_a_reason_and_posts_a_notice(
    client, municipality, head_user, staff_user, to, word
):
    contest = ContestFactory(status=S.ACCEPTING)
    application = ApplicationFactory(contest=contest)
    services.application_submit(actor=application.applicant, application=application)
    url = reverse("initiatives:office-move", args=[contest.pk])
    client.force_login(staff_user)  # the head decides
    client.post(url, {"to": to, "reason": "Карантин"})
    contest.refresh_from_db()
    assert contest.status == S.ACCEPTING
    client.force_login(head_user)
    page = client.post(url, {"to": to, "reason": "  "}, follow=True).content.decode()
    contest.refresh_from_db()
    assert contest.status == S.ACCEPTING and "Себебин жазыңыз" in page
    client.post(url, {"to": to, "reason": "Карантин"})
    contest.refresh_from_db()
    assert contest.status == to
    notice = Notice.objects.get(category=Notice.Category.CONTEST)
    assert "Карантин" in notice.body_ky and word in notice.title_ky
    # the window is shut for residents while the contest is on hold or cancelled
    client.force_login(application.applicant)
    response = client.get(reverse("initiatives:apply", args=[contest.pk]))
    assert response.status_code == 302


def test_postponed_contest_is_announced_again(client, municipality, head_user, staff_user):
    contest = ContestFactory(status=S.ANNOUNCED)
    services.contest_postpone(actor=head_user, contest=contest, reason="Бюджет такталбады")
    client.force_login(staff_user)
    client.post(reverse("initiatives:office-move", args=[contest.pk]), {"to": "announced"})
    contest.refresh_from_db()
    assert contest.status == S.ANNOUNCED


def test_low_contribution_is_warned_before_submitting_and_can_be_corrected(
    client, municipality, resident
):
    contest = ContestFactory(status=S.ACCEPTING)  # 10 % required
    client.force_login(resident)
    low = {"requested_sum": "30700", "contribution_cash": "1300"}  # 2 300 of 33 000 = 6.97 %
    response = client.post(
        reverse("initiatives:apply", args=[contest.pk]),
        form_data(contest, action="submit", **low),
        follow=True,
    )
    application = Application.objects.get()
    assert application.status == "draft"
    page = response.content.decode()
    assert "6.97" in page and "10.00" in page and "contribution-warning" in page
    edit = reverse("initiatives:application-edit", args=[application.pk])
    # corrected: 3 300 of 33 000 is exactly 10 %
    client.post(edit, form_data(contest, action="submit"))
    application.refresh_from_db()
    assert application.status == "submitted"


def test_low_contribution_can_be_submitted_knowingly(client, municipality, resident):
    contest = ContestFactory(status=S.ACCEPTING)
    client.force_login(resident)
    low = {"requested_sum": "30700", "contribution_cash": "1300", "confirm_contribution": "1"}
    client.post(
        reverse("initiatives:apply", args=[contest.pk]), form_data(contest, action="submit", **low)
    )
    assert Application.objects.get().status == "submitted"


def test_submitted_application_is_taken_back_corrected_and_keeps_its_number(
    client, municipality, resident, staff_user
):
    contest = ContestFactory(status=S.ACCEPTING)
    client.force_login(resident)
    low = {"requested_sum": "30700", "contribution_cash": "1300", "confirm_contribution": "1"}
    client.post(
        reverse("initiatives:apply", args=[contest.pk]), form_data(contest, action="submit", **low)
    )
    application = Application.objects.get()
    number = application.registration_number
    services.application_check(
        actor=staff_user, application=application, eligible=False, reason="Өз салымы 7 %"
    )
    withdraw = reverse("initiatives:application-withdraw", args=[application.pk])
    client.post(withdraw)
    application.refresh_from_db()
    assert application.status == "draft"
    edit = reverse("initiatives:application-edit", args=[application.pk])
    client.post(edit, form_data(contest, action="submit"))
    application.refresh_from_db()
    assert application.status == "submitted" and application.registration_number == number
    contest.refresh_from_db()
    assert contest.application_counter == 1
    # after the deadline it can no longer be taken back
    Contest.objects.filter(pk=contest.pk).update(
        window_closes=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.post(withdraw)
    application.refresh_from_db()
    assert application.status == "submitted"
