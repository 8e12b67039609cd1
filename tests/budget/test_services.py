import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from budget.models import Hearing, Proposal, Registration
from budget.services import (
    hearing_announce,
    hearing_hold,
    hearing_publish_protocol,
    hearings_due_tomorrow,
    proposal_decide,
    proposal_record,
    proposal_submit,
    registration_create,
)
from municipality.models import AuditEntry, Notice, OfficialDocument, OutboxMessage
from tests.municipality.factories import UserFactory, VillageFactory

from .factories import BudgetLineFactory, HearingFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _hearing_in(days, **kwargs):
    today = timezone.localdate()
    starts = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(10, 0))
    )
    return HearingFactory(starts_at=starts, **kwargs), today


@pytest.mark.parametrize("setting", [None, 7])
def test_announcement_exactly_n_days_ahead_is_accepted(
    settings, staff_user, municipality, setting
):
    if setting:
        settings.BUDGET_HEARING_NOTICE_DAYS = setting
    days = setting or 10
    hearing, today = _hearing_in(days)
    hearing = hearing_announce(hearing=hearing, actor=staff_user, today=today)
    assert hearing.status == Hearing.Status.ANNOUNCED
    notice = Notice.objects.get(pk=hearing.notice_id)
    assert notice.category == Notice.Category.HEARING
    assert notice.subject == hearing
    assert notice.event_at == hearing.starts_at
    assert "бюджет" in notice.title.lower() and notice.title_ru and notice.body_ru
    assert AuditEntry.objects.filter(new_status=Hearing.Status.ANNOUNCED).exists()


@pytest.mark.parametrize("setting", [None, 7])
def test_announcement_one_day_late_is_refused_with_the_last_allowed_date(
    settings, staff_user, municipality, setting
):
    if setting:
        settings.BUDGET_HEARING_NOTICE_DAYS = setting
    days = setting or 10
    hearing, today = _hearing_in(days - 1)
    with pytest.raises(ValidationError) as info:
        hearing_announce(hearing=hearing, actor=staff_user, today=today)
    message = " ".join(info.value.messages)
    assert str(days) in message
    last = today - datetime.timedelta(days=1)
    assert (
        last.strftime("%d.%m.%Y") in message
        or last.strftime("%m/%d/%Y") in message
        or str(last.day) in message
    )
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.DRAFT
    assert not Notice.objects.exists()


def test_resident_cannot_announce(resident):
    hearing, today = _hearing_in(30)
    with pytest.raises(PermissionDenied):
        hearing_announce(hearing=hearing, actor=resident, today=today)


def test_online_proposal_only_while_announced_and_before_the_hearing(resident):
    draft = HearingFactory()
    with pytest.raises(ValidationError):
        proposal_submit(hearing=draft, actor=resident, text="Сунуш")
    past = HearingFactory(
        status=Hearing.Status.ANNOUNCED, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        proposal_submit(hearing=past, actor=resident, text="Сунуш")
    open_hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    line = BudgetLineFactory(year=open_hearing.fiscal_year)
    proposal = proposal_submit(
        hearing=open_hearing, actor=resident, text="Жол оңдоо", budget_line=line
    )
    assert proposal.author == resident and proposal.source == Proposal.Source.ONLINE
    other_year = BudgetLineFactory(year=open_hearing.fiscal_year - 1)
    with pytest.raises(ValidationError) as info:
        proposal_submit(hearing=open_hearing, actor=resident, text="x", budget_line=other_year)
    assert "budget_line" in info.value.message_dict


def test_staff_record_paper_proposal_but_resident_cannot(staff_user, resident):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    proposal = proposal_record(
        hearing=hearing,
        actor=staff_user,
        author_name="Асанова Ү.",
        source=Proposal.Source.PAPER,
        text="Кагаз сунуш",
    )
    assert proposal.is_paper and proposal.author is None and proposal.entered_by == staff_user
    with pytest.raises(PermissionDenied):
        proposal_record(
            hearing=hearing,
            actor=resident,
            author_name="X",
            source=Proposal.Source.PAPER,
            text="x",
        )


def test_registration_is_unique_per_resident(resident):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    registration_create(hearing=hearing, actor=resident)
    registration_create(hearing=hearing, actor=resident)
    assert Registration.objects.filter(hearing=hearing, user=resident).count() == 1


def _held(hearing=None, **kwargs):
    hearing = hearing or HearingFactory(
        status=Hearing.Status.ANNOUNCED,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        **kwargs,
    )
    return hearing


@pytest.mark.parametrize(
    "attendance, field",
    [
        ({"attendance_women": 11}, "attendance_women"),
        ({"attendance_women": 6, "attendance_men": 5}, "attendance_men"),
        (
            {"attendance_18_29": 4, "attendance_30_59": 4, "attendance_60_plus": 3},
            "attendance_60_plus",
        ),
        ({"attendance_60_plus": 12}, "attendance_60_plus"),
    ],
)
def test_attendance_breakdown_over_total_is_refused_naming_the_field(
    staff_user, attendance, field
):
    hearing = _held()
    with pytest.raises(ValidationError) as info:
        hearing_hold(
            hearing=hearing, actor=staff_user, attendance={"attendance_total": 10, **attendance}
        )
    assert field in info.value.message_dict
    assert "10" in " ".join(info.value.message_dict[field])
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.ANNOUNCED


def test_attendance_by_village_over_total_is_refused(staff_user):
    hearing = _held()
    with pytest.raises(ValidationError) as info:
        hearing_hold(
            hearing=hearing,
            actor=staff_user,
            attendance={"attendance_total": 5},
            villages={VillageFactory(): 3, VillageFactory(): 3},
        )
    assert "6" in " ".join(info.value.messages)


def test_hearing_cannot_be_recorded_before_its_day(staff_user):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    with pytest.raises(ValidationError):
        hearing_hold(hearing=hearing, actor=staff_user, attendance={"attendance_total": 5})


def test_proposal_decision_notifies_the_proposer_once(
    staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    hearing = _held()
    author = UserFactory(language="ru")
    proposal = ProposalFactory(hearing=hearing, author=author)
    hearing_hold(hearing=hearing, actor=staff_user, attendance={"attendance_total": 30})
    with django_capture_on_commit_callbacks(execute=True):
        proposal_decide(
            proposal=proposal,
            actor=staff_user,
            decision=Proposal.Decision.REJECTED,
            reason="Каражат жок",
        )
        proposal_decide(
            proposal=proposal,
            actor=staff_user,
            decision=Proposal.Decision.REJECTED,
            reason="Каражат жок",
        )
    message = OutboxMessage.objects.get(user=author)
    assert message.recipient == author.email
    assert message.idempotency_key.startswith(f"budget.proposal.{proposal.pk}.decision.rejected")
    assert "Каражат жок" in message.body
    assert "Отклонено" in message.body or "Rejected" not in message.body
    assert len(mailoutbox) == 1
    proposal.refresh_from_db()
    assert proposal.decided_by == staff_user and proposal.decided_at


def test_rejection_needs_a_reason_and_decisions_wait_for_the_hearing(staff_user):
    announced = HearingFactory(status=Hearing.Status.ANNOUNCED)
    early = ProposalFactory(hearing=announced)
    with pytest.raises(PermissionDenied):
        proposal_decide(proposal=early, actor=staff_user, decision=Proposal.Decision.ACCEPTED)
    hearing = _held()
    proposal = ProposalFactory(hearing=hearing)
    hearing_hold(hearing=hearing, actor=staff_user, attendance={"attendance_total": 3})
    with pytest.raises(ValidationError) as info:
        proposal_decide(
            proposal=proposal, actor=staff_user, decision=Proposal.Decision.REJECTED, reason="  "
        )
    assert "reason" in info.value.message_dict


def test_protocol_needs_every_proposal_decided(staff_user):
    hearing = _held()
    ProposalFactory(hearing=hearing)
    hearing_hold(hearing=hearing, actor=staff_user, attendance={"attendance_total": 3})
    with pytest.raises(ValidationError) as info:
        hearing_publish_protocol(hearing=hearing, actor=staff_user)
    assert "1" in " ".join(info.value.messages)


def test_protocol_pdf_lists_attendance_proposals_and_decisions(
    staff_user, municipality, django_capture_on_commit_callbacks
):
    village = VillageFactory(name="Төмөнкү-Үңкүр")
    hearing = _held(village=village)
    accepted = ProposalFactory(hearing=hearing, text="Көчөлөргө жарык орнотуу керек.")
    rejected = proposal_record(
        hearing=hearing,
        actor=staff_user,
        author_name="Өмүрова Гүлүң",
        source=Proposal.Source.ORAL,
        text="Стадион куруу.",
    )
    hearing_hold(
        hearing=hearing,
        actor=staff_user,
        attendance={"attendance_total": 47, "attendance_women": 25, "attendance_men": 22},
        villages={village: 40},
        discussion="Тургундар суу түтүгү жөнүндө сүйлөштү.",
    )
    proposal_decide(proposal=accepted, actor=staff_user, decision=Proposal.Decision.ACCEPTED)
    proposal_decide(
        proposal=rejected,
        actor=staff_user,
        decision=Proposal.Decision.REJECTED,
        reason="Быйылкы бюджетте каражат жетишсиз.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        hearing = hearing_publish_protocol(hearing=hearing, actor=staff_user)
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.PROTOCOL_PUBLISHED
    document = OfficialDocument.objects.get(pk=hearing.protocol_id)
    assert document.kind == OfficialDocument.Kind.PROTOCOL
    assert document.status == OfficialDocument.Status.ISSUED, document.error
    text = subprocess.run(
        ["pdftotext", document.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())
    assert f"№ {document.number}" in text
    assert document.date.strftime("%d.%m.%Y") in text
    assert "Төмөнкү-Үңкүр" in text
    assert "47" in text and "25" in text
    assert "Көчөлөргө жарык" in text
    assert "Өмүрова Гүлүң" in text
    assert "Быйылкы бюджетте" in text
    assert "ң" in text and "ө" in text and "ү" in text
    assert Notice.objects.filter(category=Notice.Category.HEARING, subject_id=hearing.pk).exists()


def test_reminder_goes_to_registered_residents_and_staff(resident, staff_user):
    today = timezone.localdate()
    tomorrow = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(10))
    )
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED, starts_at=tomorrow)
    HearingFactory(status=Hearing.Status.ANNOUNCED)  # not tomorrow
    Registration.objects.create(hearing=hearing, user=resident)
    outsider = UserFactory()
    reminders = hearings_due_tomorrow(today)
    assert len(reminders) == 1
    users = set(reminders[0]["users"])
    assert resident in users and staff_user in users and outsider not in users
    assert reminders[0]["key"] == f"budget.hearing.{hearing.pk}.tomorrow"


def test_reminder_is_registered():
    from municipality.services.reminders import REMINDERS

    assert "budget.hearing_tomorrow" in REMINDERS


def test_reminder_is_sent_once_in_each_persons_language(
    resident, staff_user, django_capture_on_commit_callbacks
):
    from municipality.services.reminders import reminders_send

    resident.language = "ru"
    resident.save()
    today = timezone.localdate()
    tomorrow = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(10))
    )
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED, starts_at=tomorrow)
    Registration.objects.create(hearing=hearing, user=resident)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=today)
        reminders_send(today=today)
    message = OutboxMessage.objects.get(user=resident)
    assert "Завтра" in message.body and "Напоминание" in message.subject
    staff_message = OutboxMessage.objects.get(user=staff_user)
    assert "Эртең" in staff_message.body


def test_hearing_notice_and_reminder_write_the_date_as_officials_do(
    resident, staff_user, municipality, django_capture_on_commit_callbacks
):
    """D30: «2026-жылдын 12-майы, саат 10:00» in Kyrgyz, «12 мая 2026 г., 10:00» in Russian."""
    from municipality.services.reminders import reminders_send

    starts_at = timezone.make_aware(datetime.datetime(2026, 5, 12, 10, 0))
    hearing = HearingFactory(starts_at=starts_at)
    hearing_announce(hearing=hearing, actor=staff_user, today=datetime.date(2026, 5, 1))
    notice = Notice.objects.get(pk=Hearing.objects.get(pk=hearing.pk).notice_id)
    assert "2026-жылдын 12-майы, саат 10:00" in notice.body_ky
    assert "12 мая 2026 г., 10:00" in notice.body_ru
    assert "Май" not in notice.body_ky and "12.05.2026" not in notice.body_ky

    resident.language = "ru"
    resident.save()
    Registration.objects.create(hearing=hearing, user=resident)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=datetime.date(2026, 5, 11))
    assert "12 мая 2026 г., 10:00" in OutboxMessage.objects.get(user=resident).body
    assert "2026-жылдын 12-майы, саат 10:00" in OutboxMessage.objects.get(user=staff_user).body
