import datetime

import pytest
from django.utils import timezone

from initiatives.models import Contest, ImplementationReport
from initiatives.tasks import reports_due
from municipality.services.reminders import reminders_send
from tests.initiatives.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _report(due, staff_user=None):
    application = ApplicationFactory(status="selected")
    Contest.objects.filter(pk=application.contest_id).update(status=Contest.Status.IMPLEMENTATION)
    return ImplementationReport.objects.create(application=application, kind="final", due_date=due)


def test_reminder_before_due_date_goes_to_the_winner_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    report = _report(today + datetime.timedelta(days=2))
    reminders = reports_due(today)
    assert [r["key"] for r in reminders] == [f"initiatives.report:{report.pk}:before"]
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=today)
        reminders_send(today=today)
    assert len(mailoutbox) == 1


def test_late_report_reminds_winner_and_office(staff_user):
    today = timezone.localdate()
    report = _report(today - datetime.timedelta(days=1))
    (reminder,) = reports_due(today)
    assert reminder["key"].endswith(":late:0")
    assert staff_user in reminder["users"] and report.application.applicant in reminder["users"]


def test_submitted_report_is_not_reminded():
    today = timezone.localdate()
    report = _report(today)
    report.submitted_at = timezone.now()
    report.save()
    assert reports_due(today) == []


@pytest.mark.parametrize(("late", "head_told"), [(13, False), (14, True)])
def test_late_report_escalates_to_the_head(staff_user, head_user, late, head_told):
    from initiatives.tasks import ESCALATE_AFTER_DAYS

    assert ESCALATE_AFTER_DAYS == 14
    today = timezone.localdate()
    report = _report(today - datetime.timedelta(days=late))
    reminders = {r["key"]: r for r in reports_due(today)}
    head_key = f"initiatives.report:{report.pk}:head"
    assert (head_key in reminders) is head_told
    if head_told:
        assert reminders[head_key]["users"] == [head_user]
        assert "14" in reminders[head_key]["subject"](head_user)


def test_late_reports_are_on_the_office_attention_list(client, staff_user):
    from django.urls import reverse

    today = timezone.localdate()
    _report(today)  # due today: not late yet
    client.force_login(staff_user)
    page = client.get(reverse("municipality:office")).content.decode()
    assert "мөөнөтү өткөн отчеттор" not in page
    _report(today - datetime.timedelta(days=1))
    page = client.get(reverse("municipality:office")).content.decode()
    assert "Жергиликтүү демилгелер: мөөнөтү өткөн отчеттор: 1" in page
