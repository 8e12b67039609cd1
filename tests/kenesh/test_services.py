"""The kenesh services: sessions, quorum, decisions, resolutions, initiatives, petitions."""

import datetime
import subprocess

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kenesh import selectors, services, tasks
from kenesh.models import Decision, Initiative, Petition, Resolution, Session, Signature
from municipality.models import AuditEntry, Notice, OfficialDocument, Person
from tests.kenesh.factories import collecting_initiative, deputies, phone
from tests.municipality.factories import UserFactory, VillageFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _session(actor, *, days_ahead=20, number=1):
    return services.session_create(
        actor=actor,
        convocation=7,
        number=number,
        starts_at=timezone.now() + datetime.timedelta(days=days_ahead),
        place="Айыл өкмөтүнүн залы",
    )


def _held(actor, *, present=3, elected=5, items=("Бюджет жөнүндө",)):
    team = deputies(elected)
    session = _session(actor)
    for title in items:
        services.agenda_item_add(actor=actor, session=session, title=title)
    services.session_announce(actor=actor, session=session)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    session.refresh_from_db()
    return services.session_hold(actor=actor, session=session, deputies_present=team[:present])


def _pdftotext(path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


# Sessions


def test_only_the_secretary_prepares_sessions(municipality, resident, staff_user):
    for user in (resident, staff_user):
        with pytest.raises(PermissionDenied):
            _session(user)


@pytest.mark.parametrize("days_ahead, ok", [(10, True), (9, False)])
def test_announced_at_least_notice_days_ahead(municipality, kenesh_user, settings, days_ahead, ok):
    settings.KENESH_NOTICE_DAYS = 10
    session = _session(kenesh_user)
    # 10:00 in the municipality's time zone: the rule counts its calendar days
    session.starts_at = timezone.localtime().replace(hour=10) + datetime.timedelta(days=days_ahead)
    session.save()
    services.agenda_item_add(actor=kenesh_user, session=session, title="Бюджет")
    if ok:
        services.session_announce(actor=kenesh_user, session=session)
        session.refresh_from_db()
        assert session.status == Session.Status.ANNOUNCED
        notice = session.notice
        assert notice.category == Notice.Category.KENESH
        assert "Бюджет" in notice.body_ky and notice.event_at == session.starts_at
    else:
        with pytest.raises(ValidationError, match="10"):
            services.session_announce(actor=kenesh_user, session=session)
        assert Session.objects.get(pk=session.pk).status == Session.Status.DRAFT


def test_announce_needs_an_agenda_and_freezes_it(municipality, kenesh_user):
    session = _session(kenesh_user)
    with pytest.raises(ValidationError):
        services.session_announce(actor=kenesh_user, session=session)
    services.agenda_item_add(actor=kenesh_user, session=session, title="Суу")
    services.session_announce(actor=kenesh_user, session=session)
    with pytest.raises(ValidationError):
        services.agenda_item_add(actor=kenesh_user, session=session, title="Дагы")


def test_closed_session_needs_a_reason(municipality, kenesh_user):
    with pytest.raises(ValidationError):
        services.session_create(
            actor=kenesh_user,
            convocation=7,
            number=3,
            starts_at=timezone.now(),
            place="Зал",
            is_closed=True,
        )


@pytest.mark.parametrize("present, reached", [(3, True), (2, False)])
def test_quorum_more_than_half(municipality, kenesh_user, present, reached):
    session = _held(kenesh_user, present=present, elected=5)
    quorum = selectors.session_quorum(session)
    assert (quorum.present, quorum.elected, quorum.reached) == (present, 5, reached)
    item = session.items.get()
    if reached:
        services.decision_record(
            actor=kenesh_user,
            item=item,
            outcome=Decision.Outcome.ADOPTED,
            votes_for=3,
            resolution_text="Бекитилсин.",
        )
    else:
        with pytest.raises(ValidationError, match="(?i)quorum|кворум"):
            services.decision_record(
                actor=kenesh_user, item=item, outcome=Decision.Outcome.ADOPTED, votes_for=2
            )
        services.decision_record(actor=kenesh_user, item=item, outcome=Decision.Outcome.POSTPONED)


def test_quorum_rule_is_a_setting(municipality, kenesh_user, settings):
    settings.KENESH_QUORUM_PERCENT = 66
    session = _held(kenesh_user, present=3, elected=5)
    assert not selectors.session_quorum(session).reached


def test_votes_cannot_exceed_deputies_present(municipality, kenesh_user):
    session = _held(kenesh_user, present=3, elected=5)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=kenesh_user,
            item=session.items.get(),
            outcome=Decision.Outcome.ADOPTED,
            votes_for=3,
            votes_against=1,
            resolution_text="x",
        )


def test_resolution_pdf_read_back_in_kyrgyz_and_russian(
    municipality, kenesh_user, django_capture_on_commit_callbacks
):
    session = _held(kenesh_user, present=4, elected=5, items=("Жергиликтүү бюджет",))
    decision = services.decision_record(
        actor=kenesh_user,
        item=session.items.get(),
        outcome=Decision.Outcome.ADOPTED,
        votes_for=3,
        votes_against=1,
        resolution_title="Жергиликтүү бюджетти бекитүү жөнүндө",
        resolution_text="Айылдык кеңеш токтом кылат: бюджет бекитилсин.",
    )
    resolution = decision.resolution
    resolution.title_ru = "Об утверждении местного бюджета"
    resolution.text_ru = "Айылный кенеш постановляет: утвердить бюджет."
    resolution.save()
    assert resolution.status == Resolution.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        services.resolution_publish(actor=kenesh_user, resolution=resolution)
    resolution.refresh_from_db()
    resolution.document.refresh_from_db()
    assert resolution.status == Resolution.Status.PUBLISHED
    assert resolution.number == str(resolution.document.number)
    assert resolution.notice.category == Notice.Category.KENESH
    ky = _pdftotext(resolution.document.file.path)
    assert "Жергиликтүү бюджетти бекитүү жөнүндө" in ky
    assert "бюджет бекитилсин" in ky
    assert "ТОКТОМ" in ky.upper()
    assert resolution.document.status == OfficialDocument.Status.ISSUED, resolution.document.error
    # The Russian copy was rendered after commit from the same record and stored.
    assert resolution.pdf_ru and len(resolution.pdf_ru_sha256) == 64
    ru = _pdftotext(resolution.pdf_ru.path)
    assert f"№{resolution.number}" in ru.replace(" ", "")
    assert "Об утверждении местного бюджета" in ru
    assert "утвердить бюджет" in ru
    assert "ПОСТАНОВЛЕНИЕ" in ru
    assert "Перевод" in ru and "Перевод" not in ky
    with pytest.raises(ValidationError):
        services.resolution_publish(actor=kenesh_user, resolution=resolution)


def test_russian_copy_is_stored_once_and_served_without_rendering(
    client, municipality, kenesh_user, django_capture_on_commit_callbacks, monkeypatch
):
    resolution = services.resolution_register(
        actor=kenesh_user,
        number="7",
        adopted_on=datetime.date(2026, 3, 1),
        title="Суу жөнүндө",
        text="Суу түтүгү оңдолсун.",
    )
    url = reverse("kenesh:resolution-pdf-ru", args=[resolution.pk])
    # The broker is down at publishing: nothing is stored yet, and nothing is rendered on
    # request; the daily task stores the copy.
    monkeypatch.setattr(
        "kenesh.tasks.resolution_translation_task.delay",
        lambda **kw: (_ for _ in ()).throw(ConnectionError("broker down")),
    )
    monkeypatch.setattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    with django_capture_on_commit_callbacks(execute=True):
        services.resolution_publish(actor=kenesh_user, resolution=resolution)
    resolution.refresh_from_db()
    assert not resolution.pdf_ru
    assert client.get(url).status_code == 404
    assert tasks.initiatives_expire_task() == 0
    resolution.refresh_from_db()
    stored = resolution.pdf_ru.name
    ru = _pdftotext(resolution.pdf_ru.path)
    assert stored and "ПОСТАНОВЛЕНИЕ" in ru and "Перевод" in ru
    assert f"№{resolution.document.number}" in ru.replace(" ", "")
    calls = []
    monkeypatch.setattr("municipality.pdf.render_pdf", lambda **kw: calls.append(kw) or b"")
    response = client.get(url)
    assert response.status_code == 200 and calls == []
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    services.resolution_translation_store(resolution=resolution)
    resolution.refresh_from_db()
    assert resolution.pdf_ru.name == stored and calls == []


def test_earlier_resolution_entered_in_the_register(municipality, kenesh_user):
    resolution = services.resolution_register(
        actor=kenesh_user,
        number="12-3",
        adopted_on=datetime.date(2025, 3, 1),
        title="Мониторинг тобу жөнүндө",
        text="Түзүлсүн.",
    )
    services.resolution_publish(actor=kenesh_user, resolution=resolution)
    resolution.refresh_from_db()
    assert resolution.number == "12-3"
    assert list(selectors.resolutions_public()) == [resolution]


# The people's initiative


def test_register_or_refuse(municipality, kenesh_user, resident):
    initiative = services.initiative_file(
        actor=resident, title="Т", summary="С", draft_text="Д", initiators="Асан"
    )
    assert not initiative.is_public
    services.initiative_refuse(
        actor=kenesh_user,
        initiative=initiative,
        reason=Initiative.RefusalReason.NOT_LOCAL,
        note="Бул мамлекеттик маселе.",
    )
    assert initiative.status == Initiative.Status.REFUSED
    assert AuditEntry.objects.filter(new_status=Initiative.Status.REFUSED).exists()


def test_charter_sets_its_own_threshold(municipality, kenesh_user):
    assert collecting_initiative(kenesh_user).threshold == 100
    services.charter_save(
        actor=kenesh_user, number="5", adopted_on=datetime.date(2020, 1, 1), signature_threshold=3
    )
    assert collecting_initiative(kenesh_user).threshold == 3


def test_online_signing_rules(municipality, kenesh_user):
    initiative = collecting_initiative(kenesh_user)
    village = VillageFactory()
    ok = UserFactory(phone=phone(), village=village)
    services.initiative_sign(initiative=initiative, user=ok, wants_news=True)
    with pytest.raises(ValidationError, match="already|кол койгонсуз"):
        services.initiative_sign(initiative=initiative, user=ok)
    unconfirmed = UserFactory(phone=phone(), village=village, phone_confirmed_at=None)
    with pytest.raises(ValidationError):
        services.initiative_sign(initiative=initiative, user=unconfirmed)
    outside = UserFactory(phone=phone())
    with pytest.raises(ValidationError):
        services.initiative_sign(initiative=initiative, user=outside)
    late = timezone.localdate() + datetime.timedelta(days=31)
    with pytest.raises(ValidationError):
        services.initiative_sign(
            initiative=initiative, user=UserFactory(phone=phone(), village=village), today=late
        )
    assert selectors.signature_count(initiative) == 1
    services.initiative_withdraw(initiative=initiative, user=ok)
    assert selectors.signature_count(initiative) == 0
    services.initiative_sign(initiative=initiative, user=ok)
    assert Signature.objects.filter(initiative=initiative, user=ok).count() == 1
    assert selectors.signature_count(initiative) == 1


def test_withdraw_only_until_the_period_ends(municipality, kenesh_user):
    initiative = collecting_initiative(kenesh_user)
    user = UserFactory(phone=phone(), village=VillageFactory())
    services.initiative_sign(initiative=initiative, user=user)
    with pytest.raises(ValidationError):
        services.initiative_withdraw(
            initiative=initiative,
            user=user,
            today=timezone.localdate() + datetime.timedelta(days=31),
        )


def _scan():
    return SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf")


def test_paper_sheet_dedupes_against_online_and_paper(municipality, kenesh_user, staff_user):
    initiative = collecting_initiative(kenesh_user)
    village = VillageFactory()
    online = UserFactory(full_name="Айбек Токтогулов", phone=phone(), village=village)
    services.initiative_sign(initiative=initiative, user=online)
    today = timezone.localdate()
    lines = [
        {
            "full_name": "Гүлнара Асанова",
            "birth_year": 1980,
            "village": village,
            "signed_on": today,
        },
        {
            "full_name": "айбек  токтогулов",
            "birth_year": 1975,
            "village": village,
            "signed_on": today,
        },
        {"full_name": "Бакыт Эркинов", "birth_year": 1990, "village": None, "signed_on": today},
        {
            "full_name": "Нурлан Осмонов",
            "birth_year": 1970,
            "village": village,
            "signed_on": initiative.signing_ends + datetime.timedelta(days=1),
        },
    ]
    sheet, accepted, refused = services.sheet_enter(
        actor=staff_user, initiative=initiative, scan=_scan(), lines=lines
    )
    assert len(accepted) == 1 and accepted[0].person.full_name == "Гүлнара Асанова"
    assert len(refused) == 3
    assert any("токтогулов" in r.casefold() for r in refused)
    assert Person.objects.filter(full_name="Гүлнара Асанова").count() == 1
    entries = [
        e for e in AuditEntry.objects.filter(action="create") if e.object_id == str(sheet.pk)
    ]
    assert any(e.actor == staff_user for e in entries) and sheet.scan
    # The same sheet again: the person has signed on paper already.
    _sheet, accepted, refused = services.sheet_enter(
        actor=staff_user, initiative=initiative, scan=_scan(), lines=lines[:1]
    )
    assert accepted == [] and len(refused) == 1
    assert selectors.signature_counts(initiative) == {"online": 1, "paper": 1, "total": 2}


def test_online_after_paper_is_refused(municipality, kenesh_user, staff_user):
    initiative = collecting_initiative(kenesh_user)
    village = VillageFactory()
    services.sheet_enter(
        actor=staff_user,
        initiative=initiative,
        scan=_scan(),
        lines=[
            {
                "full_name": "Самат Жумаев",
                "birth_year": 1985,
                "village": village,
                "signed_on": timezone.localdate(),
            }
        ],
    )
    user = UserFactory(full_name="Самат Жумаев", phone=phone(), village=village)
    with pytest.raises(ValidationError, match="paper|кагаз"):
        services.initiative_sign(initiative=initiative, user=user)


def test_only_the_office_enters_sheets(municipality, kenesh_user, resident):
    initiative = collecting_initiative(kenesh_user)
    with pytest.raises(PermissionDenied):
        services.sheet_enter(actor=resident, initiative=initiative, scan=_scan(), lines=[])


def _sign_many(initiative, n):
    village = VillageFactory()
    for _ in range(n):
        services.initiative_sign(
            initiative=initiative, user=UserFactory(phone=phone(), village=village)
        )


@pytest.mark.parametrize("signed, ok", [(99, False), (100, True)])
def test_threshold_boundary(municipality, kenesh_user, signed, ok):
    initiative = collecting_initiative(kenesh_user)
    _sign_many(initiative, signed)
    session = _session(kenesh_user)
    if ok:
        item = services.initiative_to_agenda(
            actor=kenesh_user, initiative=initiative, session=session
        )
        assert item.initiative == initiative
        initiative.refresh_from_db()
        assert initiative.status == Initiative.Status.ON_AGENDA
    else:
        with pytest.raises(ValidationError, match="99"):
            services.initiative_to_agenda(
                actor=kenesh_user, initiative=initiative, session=session
            )


def test_charter_threshold_boundary(municipality, kenesh_user):
    services.charter_save(actor=kenesh_user, number="1", adopted_on=None, signature_threshold=5)
    initiative = collecting_initiative(kenesh_user)
    _sign_many(initiative, 4)
    session = _session(kenesh_user)
    with pytest.raises(ValidationError):
        services.initiative_to_agenda(actor=kenesh_user, initiative=initiative, session=session)
    _sign_many(initiative, 1)
    services.initiative_to_agenda(actor=kenesh_user, initiative=initiative, session=session)


def _initiative_session(kenesh_user, *, supporter=None):
    services.charter_save(actor=kenesh_user, number="1", adopted_on=None, signature_threshold=1)
    filer = UserFactory(phone=phone(), village=VillageFactory())
    initiative = collecting_initiative(kenesh_user, filer=filer)
    services.initiative_sign(
        initiative=initiative,
        user=supporter or UserFactory(phone=phone(), village=VillageFactory()),
        wants_news=True,
    )
    team = deputies(3)
    session = _session(kenesh_user)
    item = services.initiative_to_agenda(actor=kenesh_user, initiative=initiative, session=session)
    services.session_announce(actor=kenesh_user, session=session)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now())
    session.refresh_from_db()
    services.session_hold(actor=kenesh_user, session=session, deputies_present=team)
    item.refresh_from_db()
    return initiative, item


def test_initiative_decided_only_with_initiators_invited_and_present(municipality, kenesh_user):
    from municipality.models import OutboxMessage

    supporter = UserFactory(phone=phone(), village=VillageFactory(), email="s@example.kg")
    initiative, item = _initiative_session(kenesh_user, supporter=supporter)
    adopt = {
        "outcome": Decision.Outcome.ADOPTED,
        "votes_for": 3,
        "resolution_text": "Кабыл алынсын.",
    }
    with pytest.raises(ValidationError, match="invit|чакыр"):
        services.decision_record(actor=kenesh_user, item=item, initiators_present=True, **adopt)
    services.initiators_invite(actor=kenesh_user, item=item, how="Телефон менен, 01.03")
    with pytest.raises(ValidationError, match="present|катыш"):
        services.decision_record(actor=kenesh_user, item=item, initiators_present=False, **adopt)
    decision = services.decision_record(
        actor=kenesh_user, item=item, initiators_present=True, **adopt
    )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.ADOPTED
    assert decision.resolution.status == Resolution.Status.DRAFT
    assert Notice.objects.filter(title_ky__contains=initiative.title).count() >= 2
    assert OutboxMessage.objects.filter(recipient="s@example.kg").exists()


def test_initiative_postponed_without_initiators(municipality, kenesh_user):
    initiative, item = _initiative_session(kenesh_user)
    services.decision_record(actor=kenesh_user, item=item, outcome=Decision.Outcome.POSTPONED)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.ON_AGENDA


def test_signature_period_ends_below_threshold(municipality, kenesh_user):
    initiative = collecting_initiative(kenesh_user)
    assert services.initiatives_expire(today=initiative.signing_ends) == 0
    assert (
        services.initiatives_expire(today=initiative.signing_ends + datetime.timedelta(days=1))
        == 1
    )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.EXPIRED


# Petitions


def test_petition_deadline_and_overdue(municipality, staff_user, settings):
    settings.KENESH_PETITION_THRESHOLD = 2
    settings.KENESH_PETITION_ANSWER_DAYS = 30
    village = VillageFactory()
    petition = services.petition_file(
        actor=UserFactory(phone=phone(), village=village), title="Жол", text="Жолду оңдогула"
    )
    assert petition.answer_due is None
    services.petition_support(petition=petition, user=UserFactory(phone=phone(), village=village))
    petition.refresh_from_db()
    assert petition.answer_due == timezone.localdate() + datetime.timedelta(days=30)
    assert not petition.is_overdue()
    assert petition.is_overdue(petition.answer_due + datetime.timedelta(days=1))
    Petition.objects.filter(pk=petition.pk).update(
        answer_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert list(selectors.petitions_overdue()) == [petition]
    assert selectors.petitions_overdue_attention(staff_user)
    services.petition_answer(actor=staff_user, petition=petition, answer="Жай мезгилинде.")
    assert not selectors.petitions_overdue().exists()


# Budget hearings


def test_forwarded_proposal_becomes_an_agenda_item(municipality, kenesh_user):
    from tests.budget.factories import ProposalFactory

    proposal = ProposalFactory(decision="forwarded")
    session = _session(kenesh_user)
    item = session.items.get()
    assert item.proposal == proposal
    assert list(_session(kenesh_user, number=2).items.all()) == []
