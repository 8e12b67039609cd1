"""Reminders: the registry, one message per (key, user), and the local-issues list check."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from municipality.models import LocalIssueList, OutboxMessage
from municipality.services import reminders
from municipality.services.reminders import local_issues_list_due, reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def only(monkeypatch):
    """Run only the given checks (the apps register their own in ready())."""

    def use(**checks):
        monkeypatch.setattr(reminders, "REMINDERS", dict(checks))

    return use


def _list_published(days_ago: int) -> LocalIssueList:
    issue_list = LocalIssueList.objects.create()
    LocalIssueList.objects.filter(pk=issue_list.pk).update(
        published_at=timezone.now() - timedelta(days=days_ago)
    )
    return issue_list


def test_kernel_check_is_registered():
    assert reminders.REMINDERS["municipality.local_issues_list"] is local_issues_list_due


def test_no_list_or_a_fresh_list_needs_no_reminder():
    today = timezone.localdate()
    assert local_issues_list_due(today) == []
    _list_published(days_ago=100)
    assert local_issues_list_due(today) == []


def test_list_nearing_six_months_reminds_staff_and_head_once(
    only, staff_user, head_user, resident, django_capture_on_commit_callbacks
):
    only(local=local_issues_list_due)
    head_user.language = "ru"
    head_user.save()
    issue_list = _list_published(days_ago=175)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 2
        reminders_send()  # the beat task running twice sends nothing twice
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_user.email, head_user.email])
    keys = set(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert keys == {
        f"reminder:municipality.local_issues:{issue_list.pk}:soon:user:{u.pk}:email"
        for u in (staff_user, head_user)
    }
    assert OutboxMessage.objects.get(user=head_user).language == "ru"


def test_overdue_list_reminds_again_each_week(
    only, staff_user, django_capture_on_commit_callbacks
):
    only(local=local_issues_list_due)
    issue_list = _list_published(days_ago=185)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=today)
        reminders_send(today=today + timedelta(days=1))
        reminders_send(today=today + timedelta(days=7))
    keys = sorted(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert keys == [
        f"reminder:municipality.local_issues:{issue_list.pk}:overdue:{week}"
        f":user:{staff_user.pk}:email"
        for week in (0, 1)
    ]


def test_app_checks_run_once_per_key_in_each_language(only, resident):
    from django.utils.translation import get_language

    resident.language = "ru"
    resident.save()

    def hearing_tomorrow(today):
        return [
            {
                "key": "budget.hearing:7:tomorrow",
                "users": [resident],
                "subject": lambda user: f"lang={get_language()}",
                "body": "Эртең угуу",
            }
        ]

    def broken(today):
        raise RuntimeError("bug in an app")

    only(broken=broken, hearing=hearing_tomorrow)
    assert reminders_send() == 1
    assert reminders_send() == 1  # counted, but the key makes no second row
    [message] = OutboxMessage.objects.all()
    assert message.subject == "lang=ru"
    key = f"reminder:budget.hearing:7:tomorrow:user:{resident.pk}:email"
    assert message.idempotency_key == key


def test_beat_schedule_runs_the_outbox_and_reminder_tasks():
    from municipality.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "municipality.tasks.outbox_requeue_task",
        "municipality.tasks.reminders_send_task",
        "municipality.tasks.notices_notify_due_task",
        "municipality.tasks.signups_expired_delete_task",
    } <= tasks
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
