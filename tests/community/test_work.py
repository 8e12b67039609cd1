"""Reminders and "My work" for the office: gatherings held without minutes, surveys closing
tomorrow and closed without announced results, priorities without an initiative group,
the annual report due. Each at its boundary."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from community import services, work
from community.models import AnnualReport, Gathering, InitiativeGroup, Priority, Survey
from municipality.services import reminders
from municipality.services.my_work import my_work_sections
from municipality.services.reminders import reminders_send
from tests.community.factories import priority

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 10)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the reminders with the outbox's after-commit sending."""

    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_send(today=today)

    return run


@pytest.fixture
def only(monkeypatch):
    def use(**checks):
        monkeypatch.setattr(reminders, "REMINDERS", dict(checks))

    return use


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _gathering(staff_user, day):
    return services.gathering_announce(
        actor=staff_user,
        kind=Gathering.Kind.GATHERING,
        title="Айылдык жыйын",
        agenda="Суу",
        starts_at=_at(day),
        place="Клуб",
    )


def _survey(staff_user, closes_on, status=Survey.Status.OPEN):
    survey = services.survey_create(
        actor=staff_user,
        title=f"Сурамжылоо {closes_on}",
        opens_on=closes_on - datetime.timedelta(days=10),
        closes_on=closes_on,
        questions=[{"kind": "scale", "text": "Баа"}],
    )
    Survey.objects.filter(pk=survey.pk).update(status=status)
    survey.refresh_from_db()
    return survey


def _titles(user):
    return {
        (item["title"], str(item["status"]))
        for section in my_work_sections(user=user)
        for item in section["items"]
    }


def test_the_checks_are_registered():
    for name, check in work.REMINDERS.items():
        assert reminders.REMINDERS[name] is check


def test_gathering_without_minutes_from_the_day_after(staff_user, only, send):
    today_gathering = _gathering(staff_user, TODAY)
    past = _gathering(staff_user, TODAY - datetime.timedelta(days=1))
    assert work.gatherings_without_minutes(today=TODAY) == [past]  # today's is not late yet
    Gathering.objects.filter(pk=today_gathering.pk).update(
        status=Gathering.Status.HELD, minutes=""
    )  # e.g. migrated from the plan without minutes
    assert set(work.gatherings_without_minutes(today=TODAY)) == {past, today_gathering}
    only(minutes=work.gathering_minutes_check)
    mail.outbox.clear()
    assert send(TODAY) == 2
    send(TODAY)  # sent once per gathering
    bodies = [m.body for m in mail.outbox]
    assert len(bodies) == 2
    assert reverse("community:gathering-hold", args=[past.pk]) in "".join(bodies)


def test_survey_closing_tomorrow_only_tomorrow(staff_user, only, send):
    tomorrow = _survey(staff_user, TODAY + datetime.timedelta(days=1))
    _survey(staff_user, TODAY + datetime.timedelta(days=2))
    _survey(staff_user, TODAY)
    assert work.surveys_closing_tomorrow(today=TODAY) == [tomorrow]
    only(closing=work.survey_closing_check)
    mail.outbox.clear()
    assert send(TODAY) == 1
    assert tomorrow.title in mail.outbox[0].body


def test_survey_closed_without_results_until_announced(staff_user, only, send):
    open_today = _survey(staff_user, TODAY)  # still open today: not over
    past = _survey(staff_user, TODAY - datetime.timedelta(days=1))  # over, not closed
    closed = _survey(staff_user, TODAY + datetime.timedelta(days=5), Survey.Status.CLOSED)
    assert work.surveys_without_results(today=TODAY) == [past, closed]
    assert open_today not in work.surveys_without_results(today=TODAY)
    services.survey_results_publish(survey=closed, actor=staff_user)
    closed.refresh_from_db()
    assert closed.results_notice.title_ky.startswith("Results") or closed.title in str(
        closed.results_notice.title_ky
    )
    assert work.surveys_without_results(today=TODAY) == [past]
    with pytest.raises(ValidationError):  # once, and only when closed
        services.survey_results_publish(survey=closed, actor=staff_user)
    with pytest.raises(ValidationError):
        services.survey_results_publish(survey=past, actor=staff_user)
    only(results=work.survey_results_check)
    mail.outbox.clear()
    assert send(TODAY) == 1 and past.title in mail.outbox[0].body


def test_survey_results_announced_through_the_view(client, staff_user):
    closed = _survey(staff_user, TODAY, Survey.Status.CLOSED)
    client.force_login(staff_user)
    page = client.get(closed.get_absolute_url()).content.decode()
    url = reverse("community:survey-results-publish", args=[closed.pk])
    assert url in page
    assert client.post(url).status_code == 302
    closed.refresh_from_db()
    assert closed.results_notice is not None
    assert url not in client.get(closed.get_absolute_url()).content.decode()


def test_priority_without_group_after_the_grace_days(staff_user, only, send):
    fresh = priority("Жаңы")
    old = priority("Эски", rank=2)
    Priority.objects.filter(pk=old.pk).update(
        created_at=_at(TODAY - datetime.timedelta(days=work.GROUP_GRACE_DAYS + 1))
    )
    Priority.objects.filter(pk=fresh.pk).update(
        created_at=_at(TODAY - datetime.timedelta(days=work.GROUP_GRACE_DAYS - 1))
    )
    assert work.priorities_without_group() == [fresh, old]  # My work lists both
    only(group=work.priority_group_check)
    mail.outbox.clear()
    assert send(TODAY) == 1 and "Эски" in mail.outbox[0].body
    InitiativeGroup.objects.create(priority=old, name="Топ", formed_on=TODAY)
    assert work.priorities_without_group() == [fresh]


def test_annual_report_due_once_the_year_ended(staff_user, only, send):
    assert work.annual_report_due(today=TODAY) is None  # no records at all
    _gathering(staff_user, datetime.date(2025, 5, 1))
    assert work.annual_report_due(today=datetime.date(2025, 12, 31)) is None  # 2024: nothing
    assert work.annual_report_due(today=datetime.date(2026, 1, 1)) == 2025
    only(report=work.annual_report_check)
    mail.outbox.clear()
    assert send(datetime.date(2026, 1, 1)) == 1
    assert send(datetime.date(2026, 1, 20)) == 1  # the same month: not again
    assert len(mail.outbox) == 1
    AnnualReport.objects.create(year=2025)  # a draft is not enough
    assert work.annual_report_due(today=TODAY) == 2025
    AnnualReport.objects.filter(year=2025).update(status=AnnualReport.Status.PUBLISHED)
    assert work.annual_report_due(today=TODAY) is None


def test_my_work_lists_each_kind_for_the_office_only(staff_user, resident, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    gathering = _gathering(staff_user, TODAY - datetime.timedelta(days=3))
    tomorrow = _survey(staff_user, TODAY + datetime.timedelta(days=1))
    closed = _survey(staff_user, TODAY, Survey.Status.CLOSED)
    entry = priority("Көпүрө")
    Gathering.objects.filter(pk=gathering.pk).update(starts_at=_at(datetime.date(2025, 9, 1)))
    titles = _titles(staff_user)
    with translation.override("ky"):  # the start page in the site's first language
        gettext = translation.gettext
        report = gettext("Report to the population for %(year)s") % {"year": 2025}
        expected = {
            (gathering.title, gettext("No minutes")),
            (tomorrow.title, gettext("Closes tomorrow")),
            (closed.title, gettext("Results not announced")),
            (entry.title, gettext("No initiative group")),
            (report, gettext("Due: the year has ended")),
        }
    assert expected <= titles
    assert not any("community" in str(s["title"]).lower() for s in my_work_sections(user=resident))
    assert _titles(resident).isdisjoint(titles)
