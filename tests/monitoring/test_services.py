import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from monitoring import services
from monitoring.models import ChecklistQuestion, GroupMember, Protocol, Recommendation, Subject
from monitoring.reminders import recommendations_due_check
from municipality.models import AuditEntry, Notice, OfficialDocument
from tests.monitoring.factories import (
    GroupMemberFactory,
    ProtocolFactory,
    RecommendationFactory,
    SubjectFactory,
    group_with_chair,
    jpeg_bytes,
    png_bytes,
    upload,
)
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db


def _filed_protocol(group, member, **data):
    subject = SubjectFactory(group=group)
    protocol = services.protocol_start(actor=member.user, subject=subject)
    defaults = {
        "visit_date": timezone.localdate(),
        "address": "Мектеп көчөсү, 3",
        "findings": "Суу түтүгү оңдолду, сапаты жакшы.",
    }
    defaults.update(data)
    return services.protocol_save(actor=member.user, protocol=protocol, data=defaults)


# Groups and members


def test_kenesh_secretary_creates_group_with_default_checklist(kenesh_user):
    today = timezone.localdate()
    group = services.group_create(
        actor=kenesh_user,
        name="БМжБТ",
        name_ru="Группа СМиО",
        resolution_number="5/2",
        resolution_date=today,
        period_start=today,
        period_end=today + datetime.timedelta(days=90),
    )
    assert group.name_ru == "Группа СМиО"
    assert ChecklistQuestion.objects.filter(
        group=group, subject_kind=Subject.Kind.INITIATIVE
    ).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).exists()


@pytest.mark.parametrize("role", [None, "staff", "monitoring_member"])
def test_only_kenesh_secretary_creates_groups(role):
    user = UserFactory(roles=[role] if role else [])
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.group_create(
            actor=user,
            name="x",
            resolution_number="1",
            resolution_date=today,
            period_start=today,
            period_end=today,
        )


def test_group_period_must_not_end_before_start(kenesh_user):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.group_create(
            actor=kenesh_user,
            name="x",
            resolution_number="1",
            resolution_date=today,
            period_start=today,
            period_end=today - datetime.timedelta(days=1),
        )


def test_resolution_can_enter_the_registry(
    kenesh_user, municipality, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        group = services.group_create(
            actor=kenesh_user,
            name="Көктөбө БМжБТ",
            resolution_number="7/1",
            resolution_date=today,
            period_start=today,
            period_end=today + datetime.timedelta(days=30),
            register_resolution=True,
        )
    document = OfficialDocument.objects.get(pk=group.resolution_document_id)
    assert document.kind == OfficialDocument.Kind.RESOLUTION
    assert document.status == OfficialDocument.Status.ISSUED, document.error


def test_member_gets_role_and_loses_it_with_last_seat(kenesh_user):
    group, _, _ = group_with_chair()
    user = UserFactory()
    member = services.member_add(
        actor=kenesh_user,
        group=group,
        user=user,
        name="",
        category=GroupMember.Category.DEPUTY,
        sex="m",
    )
    user.refresh_from_db()
    assert member.name == user.full_name
    assert user.has_role("monitoring_member")
    services.member_remove(actor=kenesh_user, member=member)
    user = type(user).objects.get(pk=user.pk)
    assert not user.has_role("monitoring_member")


def test_new_chair_replaces_old_one(kenesh_user):
    group, chair, _ = group_with_chair()
    services.member_add(
        actor=kenesh_user,
        group=group,
        name="Жаңы төрага",
        category=GroupMember.Category.STAFF,
        sex="f",
        is_chair=True,
    )
    chair.refresh_from_db()
    assert not chair.is_chair
    assert group.members.filter(is_chair=True).count() == 1


# Per-group permissions


def test_member_of_one_group_cannot_file_for_another():
    group_a, _, member_a = group_with_chair()
    group_b, _, _ = group_with_chair()
    with pytest.raises(PermissionDenied):
        services.protocol_start(actor=member_a.user, subject=SubjectFactory(group=group_b))
    protocol_b = ProtocolFactory(subject=SubjectFactory(group=group_b))
    with pytest.raises(PermissionDenied):
        services.protocol_save(
            actor=member_a.user, protocol=protocol_b, data={"findings": "бөтөн"}
        )


def test_role_alone_does_not_open_a_group():
    group, _, _ = group_with_chair()
    outsider = UserFactory(roles=["monitoring_member"])
    with pytest.raises(PermissionDenied):
        services.protocol_start(actor=outsider, subject=SubjectFactory(group=group))


def test_visit_date_outside_period_is_refused():
    group, _, member = group_with_chair()
    with pytest.raises(ValidationError) as error:
        _filed_protocol(group, member, visit_date=group.period_end + datetime.timedelta(days=1))
    assert "visit_date" in error.value.message_dict
    with pytest.raises(ValidationError):
        _filed_protocol(group, member, visit_date=group.period_start - datetime.timedelta(days=1))


def test_draft_keeps_partial_input_and_answers():
    group, _, member = group_with_chair()
    subject = SubjectFactory(group=group)
    question = group.questions.create(subject_kind=subject.kind, text="Мөөнөт сакталдыбы?")
    protocol = services.protocol_start(actor=member.user, subject=subject)
    services.protocol_save(
        actor=member.user,
        protocol=protocol,
        data={"address": "Талаа"},
        answers={question.pk: ("partly", "бир аз кечикти")},
        recommendations=[{"text": "Мөөнөттү сактоо", "addressee": "", "due_date": None}],
    )
    protocol.refresh_from_db()
    assert protocol.address == "Талаа"
    assert protocol.answers.get().note == "бир аз кечикти"
    assert protocol.recommendations.get().addressee  # defaults to the ayil okmotu


def test_submit_requires_findings_and_date():
    group, _, member = group_with_chair()
    protocol = services.protocol_start(actor=member.user, subject=SubjectFactory(group=group))
    services.protocol_save(actor=member.user, protocol=protocol, data={"visit_date": None})
    with pytest.raises(ValidationError) as error:
        services.protocol_submit(actor=member.user, protocol=protocol)
    assert {"visit_date", "findings"} <= set(error.value.message_dict)


# Sign-off lifecycle and the PDF


def test_only_the_chair_signs_and_only_submitted_protocols():
    group, chair, member = group_with_chair()
    protocol = _filed_protocol(group, member)
    with pytest.raises(PermissionDenied):
        services.protocol_sign(actor=chair.user, protocol=protocol)  # still a draft
    services.protocol_submit(actor=member.user, protocol=protocol)
    with pytest.raises(PermissionDenied):
        services.protocol_sign(actor=member.user, protocol=protocol)
    other_group, other_chair, _ = group_with_chair()
    with pytest.raises(PermissionDenied):
        services.protocol_sign(actor=other_chair.user, protocol=protocol)


def test_chair_returns_a_protocol_for_corrections():
    group, chair, member = group_with_chair()
    protocol = services.protocol_submit(actor=member.user, protocol=_filed_protocol(group, member))
    services.protocol_return(actor=chair.user, protocol=protocol, reason="Сүрөт кошуңуз")
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.DRAFT
    assert AuditEntry.objects.filter(new_status="draft", reason="Сүрөт кошуңуз").exists()


def _pdftotext(path):
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(text.split())  # table cells wrap lines


def test_signed_protocol_becomes_kyrgyz_pdf_with_photos_and_notice(
    municipality, django_capture_on_commit_callbacks
):
    group, chair, member = group_with_chair()
    protocol = _filed_protocol(group, member, findings="Көпүрө оңдолду, тургундар ыраазы.")
    protocol.members_present.add(chair)
    services.protocol_save(
        actor=member.user,
        protocol=protocol,
        data={},
        recommendations=[
            {
                "text": "Тосмону боёо керек",
                "addressee": "Айыл өкмөтү",
                "due_date": timezone.localdate() + datetime.timedelta(days=10),
            }
        ],
        photos=[upload(jpeg_bytes()), upload(png_bytes(), "b.png", "image/png")],
    )
    services.protocol_submit(actor=member.user, protocol=protocol)
    with django_capture_on_commit_callbacks(execute=True):
        protocol = services.protocol_sign(
            actor=chair.user, protocol=protocol, confirmed_members=[member]
        )
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.PUBLISHED
    assert set(protocol.confirmed_by.all()) == {member, chair}
    assert list(
        AuditEntry.objects.filter(object_id=str(protocol.pk), action="transition")
        .order_by("pk")
        .values_list("new_status", flat=True)
    ) == ["submitted", "signed", "published"]
    notice = Notice.objects.visible().get(category=Notice.Category.MONITORING)
    assert notice.subject == protocol and notice.title_ru
    document = protocol.document
    document.refresh_from_db()
    assert document.kind == OfficialDocument.Kind.PROTOCOL
    assert document.status == OfficialDocument.Status.ISSUED, document.error
    text = _pdftotext(document.file.path)
    assert "Көпүрө оңдолду, тургундар ыраазы." in text
    assert "Тосмону боёо керек" in text
    assert chair.name in text
    assert "Мониторинг протоколу" in text and "Байкоолор жана жыйынтыктар" in text
    assert "Сунуштамалар" in text and "Findings" not in text and "Recommendations" not in text
    images = subprocess.run(
        ["pdfimages", "-list", document.file.path], capture_output=True, check=True, text=True
    ).stdout
    photo_rows = [line for line in images.splitlines()[2:] if " jpeg " in f" {line} "]
    assert len(photo_rows) == 2


# Recommendations


def test_recommendation_lifecycle(staff_user):
    recommendation = RecommendationFactory()
    group = recommendation.protocol.group
    chair = GroupMemberFactory(group=group, is_chair=True)
    with pytest.raises(PermissionDenied):
        services.recommendation_resolve(actor=chair.user, recommendation=recommendation)
    services.recommendation_answer(
        actor=staff_user,
        recommendation=recommendation,
        response="Боёк сатылып алынды",
        action_taken="Тосмо боёлду",
    )
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.ANSWERED
    assert recommendation.answered_by == staff_user
    with pytest.raises(ValidationError):
        services.recommendation_reopen(actor=chair.user, recommendation=recommendation, note="")
    services.recommendation_reopen(
        actor=chair.user, recommendation=recommendation, note="Бир гана тарабы боёлгон"
    )
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.REOPENED
    services.recommendation_answer(
        actor=staff_user, recommendation=recommendation, response="Баары боёлду"
    )
    services.recommendation_resolve(actor=chair.user, recommendation=recommendation)
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.RESOLVED
    assert recommendation.closed_at is not None


def test_non_office_cannot_answer_and_draft_recommendations_wait(resident, staff_user):
    recommendation = RecommendationFactory()
    with pytest.raises(PermissionDenied):
        services.recommendation_answer(actor=resident, recommendation=recommendation, response="x")
    draft_rec = RecommendationFactory(protocol=ProtocolFactory(status=Protocol.Status.DRAFT))
    with pytest.raises(PermissionDenied):
        services.recommendation_answer(actor=staff_user, recommendation=draft_rec, response="x")


def test_reminders_before_and_after_due_date(staff_user):
    today = timezone.localdate()
    soon = RecommendationFactory(due_date=today + datetime.timedelta(days=2))
    late = RecommendationFactory(due_date=today - datetime.timedelta(days=9))
    RecommendationFactory(due_date=today + datetime.timedelta(days=20))  # not yet
    answered = RecommendationFactory(
        due_date=today - datetime.timedelta(days=1), status=Recommendation.Status.ANSWERED
    )
    RecommendationFactory(
        due_date=today - datetime.timedelta(days=1),
        protocol=ProtocolFactory(status=Protocol.Status.DRAFT),
    )
    reminders = recommendations_due_check(today)
    keys = {r["key"] for r in reminders}
    assert keys == {
        f"monitoring.recommendation.{soon.pk}.due-soon",
        f"monitoring.recommendation.{late.pk}.open.overdue.1",
    }
    assert all(list(r["users"]) == [staff_user] for r in reminders)
    assert str(answered.pk) not in "".join(keys)
    assert recommendations_due_check(today) == reminders  # same keys: sent once


def test_reminder_is_registered():
    from municipality.services.reminders import REMINDERS

    assert REMINDERS["monitoring.recommendations_due"] is recommendations_due_check


def test_periodic_report_pdf(municipality, staff_user, django_capture_on_commit_callbacks):
    recommendation = RecommendationFactory(
        response="Жооп берилди", status=Recommendation.Status.ANSWERED
    )
    group = recommendation.protocol.group
    chair = GroupMemberFactory(group=group, is_chair=True)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_issue(
            actor=chair.user,
            group=group,
            period_start=group.period_start,
            period_end=group.period_end,
            summary="Жыйынтык",
        )
    report.document.refresh_from_db()
    assert report.document.kind == OfficialDocument.Kind.REPORT
    assert report.document.status == OfficialDocument.Status.ISSUED, report.document.error
    text = _pdftotext(report.document.file.path)
    assert recommendation.text in text and "Жооп берилди" in text


def test_signed_protocol_is_handed_to_staff(
    staff_user, municipality, django_capture_on_commit_callbacks, mailoutbox
):
    group, chair, member = group_with_chair()
    protocol = services.protocol_submit(actor=member.user, protocol=_filed_protocol(group, member))
    protocol.members_present.add(member, chair)
    with django_capture_on_commit_callbacks(execute=True):
        services.protocol_sign(actor=chair.user, protocol=protocol, confirmed_members=[member])
    assert [m.to for m in mailoutbox if "протокол" in m.subject.lower()] == [[staff_user.email]]


def test_chair_edits_checklist_members_cannot():
    group, chair, member = group_with_chair()
    question = services.question_save(
        actor=chair.user,
        group=group,
        subject_kind=Subject.Kind.BUDGET,
        text="Смета ачыкпы?",
        text_ru="Открыта ли смета?",
    )
    assert question.order == 1 and question.text_ru == "Открыта ли смета?"
    services.question_save(
        actor=chair.user,
        group=group,
        question=question,
        subject_kind=Subject.Kind.BUDGET,
        text="Смета ачыкпы?",
        is_active=False,
    )
    question.refresh_from_db()
    assert not question.is_active
    with pytest.raises(PermissionDenied):
        services.question_save(
            actor=member.user, group=group, subject_kind=Subject.Kind.BUDGET, text="x"
        )
