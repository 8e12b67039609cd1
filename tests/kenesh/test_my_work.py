"""The kenesh secretary's start page entries and the reminder to the deputies."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kenesh import my_work, services
from kenesh.models import (
    AgendaItem,
    Decision,
    Initiative,
    Petition,
    Resolution,
    Session,
    Signature,
)
from municipality.models import OutboxMessage
from municipality.services.my_work import PROVIDERS, my_work_sections
from municipality.services.reminders import REMINDERS, reminders_send
from tests.kenesh.factories import collecting_initiative, deputies
from tests.municipality.factories import UserFactory, VillageFactory

pytestmark = pytest.mark.django_db


def _titles(user) -> dict[str, str]:
    return {str(item["title"]): str(item["status"]) for item in my_work.items(user)}


def test_providers_are_registered():
    assert PROVIDERS["kenesh"] is my_work.items
    assert REMINDERS["kenesh.session_tomorrow"] is my_work.sessions_due_tomorrow


def test_only_the_secretary_gets_the_entries(municipality, kenesh_user, staff_user, resident):
    Resolution.objects.create(adopted_on=timezone.localdate(), title="Токтом", text="Т")
    assert "Токтом" in _titles(kenesh_user)
    assert my_work.items(staff_user) == [] and my_work.items(resident) == []


def test_held_session_without_all_decisions_is_to_minute(municipality, kenesh_user):
    past = timezone.now() - datetime.timedelta(days=2)
    held = Session.objects.create(
        convocation=7, number=1, starts_at=past, place="Зал", status=Session.Status.HELD
    )
    first = AgendaItem.objects.create(session=held, title="Бюджет", order=1)
    AgendaItem.objects.create(session=held, title="Жол", order=2)
    minuted = Session.objects.create(
        convocation=7, number=2, starts_at=past, place="Зал", status=Session.Status.HELD
    )
    done = AgendaItem.objects.create(session=minuted, title="Суу")
    Decision.objects.create(item=done, outcome=Decision.Outcome.POSTPONED)
    Session.objects.create(convocation=7, number=3, starts_at=past, place="Зал")  # a draft
    entries = [i for i in my_work.items(kenesh_user) if i["url"].endswith(f"/sessions/{held.pk}/")]
    assert [i["url"] for i in entries] == [reverse("kenesh:session-manage", args=[held.pk])]
    assert entries[0]["urgent"]
    assert len([i for i in my_work.items(kenesh_user) if "/office/sessions/" in i["url"]]) == 1
    Decision.objects.create(item=first, outcome=Decision.Outcome.POSTPONED)
    AgendaItem.objects.filter(session=held, decision__isnull=True).delete()
    assert not [i for i in my_work.items(kenesh_user) if "/office/sessions/" in i["url"]]


def test_filed_initiative_waits_for_registration(municipality, kenesh_user):
    filed = services.initiative_file(
        actor=UserFactory(), title="Парк", summary="С", draft_text="Д", initiators="Асан"
    )
    entry = next(i for i in my_work.items(kenesh_user) if i["title"] == "Парк")
    assert entry["url"] == reverse("kenesh:initiative-manage", args=[filed.pk])
    services.initiative_refuse(
        actor=kenesh_user, initiative=filed, reason="not_local", note="Райондун иши"
    )
    assert "Парк" not in _titles(kenesh_user)


@pytest.mark.parametrize("signed, listed", [(2, False), (3, True)])
def test_initiative_at_its_threshold_awaits_an_agenda(municipality, kenesh_user, signed, listed):
    initiative = collecting_initiative(kenesh_user)
    Initiative.objects.filter(pk=initiative.pk).update(threshold=3)
    village = VillageFactory()
    for _n in range(signed):
        Signature.objects.create(
            initiative=initiative,
            user=UserFactory(village=village),
            kind=Signature.Kind.ONLINE,
            signed_on=timezone.localdate(),
        )
    withdrawn = Signature.objects.create(
        initiative=initiative,
        user=UserFactory(village=village),
        kind=Signature.Kind.ONLINE,
        signed_on=timezone.localdate(),
        withdrawn_at=timezone.now(),
    )
    assert withdrawn.pk
    titles = _titles(kenesh_user)
    assert (initiative.title in titles) is listed
    if listed:
        assert "3" in titles[initiative.title]


def test_petition_answer_due_and_overdue(municipality, kenesh_user):
    today = timezone.localdate()
    Petition.objects.create(title="Жаңы", text="Т")  # not enough supporters: no deadline
    due = Petition.objects.create(
        title="Мөөнөтү келе элек", text="Т", answer_due=today + datetime.timedelta(days=3)
    )
    late = Petition.objects.create(
        title="Кечиккен", text="Т", answer_due=today - datetime.timedelta(days=1)
    )
    Petition.objects.create(
        title="Жооп берилген",
        text="Т",
        answer_due=today - datetime.timedelta(days=5),
        status=Petition.Status.ANSWERED,
    )
    entries = {i["title"]: i for i in my_work.items(kenesh_user) if "/petitions/" in i["url"]}
    assert set(entries) == {due.title, late.title}
    assert entries[late.title]["urgent"] and not entries[due.title]["urgent"]
    assert late.answer_due.strftime("%d.%m.%Y") in str(entries[late.title]["status"])


def test_resolution_not_published_in_time(municipality, kenesh_user, settings):
    settings.KENESH_RESOLUTION_PUBLISH_DAYS = 10
    today = timezone.localdate()
    on_time = Resolution.objects.create(
        adopted_on=today - datetime.timedelta(days=10), title="Убагында", text="Т"
    )
    late = Resolution.objects.create(
        adopted_on=today - datetime.timedelta(days=11), title="Кечиккен токтом", text="Т"
    )
    Resolution.objects.create(
        adopted_on=today - datetime.timedelta(days=30),
        title="Жарыяланган",
        text="Т",
        status=Resolution.Status.PUBLISHED,
    )
    entries = {i["title"]: i for i in my_work.items(kenesh_user) if "/resolutions/" in i["url"]}
    assert set(entries) == {on_time.title, late.title}
    assert entries[late.title]["urgent"] and not entries[on_time.title]["urgent"]
    sections = my_work_sections(user=kenesh_user)
    assert any(s["urgent"] and any(i["title"] == late.title for i in s["items"]) for s in sections)


def _tomorrow_session(hour=10, days=1, status=Session.Status.ANNOUNCED, number=1):
    day = timezone.localdate() + datetime.timedelta(days=days)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    session = Session.objects.create(
        convocation=7, number=number, starts_at=starts, place="Айыл өкмөтүнүн залы", status=status
    )
    AgendaItem.objects.create(session=session, title="Жергиликтүү бюджет", order=1)
    return session


def test_reminder_goes_to_the_deputies_in_office_with_an_account(municipality):
    session = _tomorrow_session()
    _tomorrow_session(days=2, number=2)  # not tomorrow
    _tomorrow_session(status=Session.Status.DRAFT, number=3)  # not announced
    team = deputies(3)
    users = [UserFactory(), UserFactory()]
    team[0].user, team[1].user = users
    team[0].save()
    team[1].save()
    team[1].term_end = timezone.localdate() - datetime.timedelta(days=1)  # term over
    team[1].save()
    reminders = my_work.sessions_due_tomorrow(timezone.localdate())
    assert [r["key"] for r in reminders] == [f"kenesh.session.{session.pk}.tomorrow"]
    assert reminders[0]["users"] == [users[0]]


def test_reminder_is_sent_once_in_the_deputys_language(
    municipality, django_capture_on_commit_callbacks
):
    session = _tomorrow_session(hour=14)
    team = deputies(2)
    ky, ru = UserFactory(language="ky"), UserFactory(language="ru")
    team[0].user, team[1].user = ky, ru
    team[0].save()
    team[1].save()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=timezone.localdate())
        reminders_send(today=timezone.localdate())
    kyrgyz = OutboxMessage.objects.get(user=ky)
    russian = OutboxMessage.objects.get(user=ru)
    when = timezone.localtime(session.starts_at).strftime("%d.%m.%Y 14:00")
    assert "Эртең" in kyrgyz.body and when in kyrgyz.body and "Жергиликтүү бюджет" in kyrgyz.body
    assert "Завтра" in russian.body and "Напоминание" in russian.subject
    assert session.get_absolute_url().split("/", 2)[2] in russian.body
