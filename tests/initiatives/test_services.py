import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from initiatives import services
from initiatives.models import Application, Contest
from municipality.models import AuditEntry, Notice, OfficialDocument, OutboxMessage
from tests.initiatives.factories import (
    ApplicationFactory,
    CommissionMemberFactory,
    ContestFactory,
    adopt_protocol,
)
from tests.municipality.factories import LocalIssueFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their English source form."""
    from django.utils import translation

    with translation.override("en"):
        yield


def pdf_text(document):
    document.refresh_from_db()
    assert document.status == OfficialDocument.Status.ISSUED, document.error
    out = subprocess.run(["pdftotext", document.file.path, "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def score_all(member, application, value, submit=True):
    services.declaration_record(actor=member.user, application=application, has_conflict=False)
    values = {c.pk: (value, "ок") for c in application.contest.criteria.all()}
    services.scores_save(actor=member.user, application=application, values=values, submit=submit)


def test_create_gives_default_criteria_and_audits(staff_user):
    contest = services.contest_create(
        actor=staff_user,
        title="Сынак",
        budget=Decimal(78000),
        max_per_project=Decimal(39000),
        window_opens="2019-12-03",
        window_closes="2019-12-16",
        directions=[LocalIssueFactory()],
    )
    assert contest.criteria.count() == 5
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).exists()


def test_resident_cannot_create_contest(resident):
    with pytest.raises(PermissionDenied):
        services.contest_create(
            actor=resident,
            title="x",
            budget=1,
            max_per_project=1,
            window_opens="2019-12-03",
            window_closes="2019-12-16",
        )


def test_announce_publishes_contest_notice_in_two_languages(
    staff_user, django_capture_on_commit_callbacks
):
    contest = ContestFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.contest_announce(actor=staff_user, contest=contest)
    contest.refresh_from_db()
    notice = contest.announcement
    assert contest.status == Contest.Status.ANNOUNCED
    assert notice.category == Notice.Category.CONTEST and notice.subject == contest
    assert notice.title_ru.startswith("Конкурс местных инициатив")
    assert AuditEntry.objects.filter(new_status="announced").exists()


def test_criteria_freeze_once_accepting(staff_user):
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    with pytest.raises(ValidationError):
        services.contest_criteria_update(actor=staff_user, contest=contest, rows=[{"name": "x"}])


def test_criteria_editable_in_draft(staff_user):
    contest = ContestFactory()
    c = contest.criteria.first()
    services.contest_criteria_update(
        actor=staff_user,
        contest=contest,
        rows=[{"id": c.pk, "name": c.name, "weight": Decimal(5), "max_score": 10, "order": 1}],
    )
    assert list(contest.criteria.values_list("weight", flat=True)) == [Decimal(5)]


def test_submit_numbers_receipt_and_double_submit_is_one(
    resident, django_capture_on_commit_callbacks, mailoutbox
):
    application = ApplicationFactory(applicant=resident)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.application_submit(actor=resident, application=application)
        second = services.application_submit(actor=resident, application=application)
    assert first.registration_number == f"{application.contest_id}-001"
    assert second.registration_number == first.registration_number
    assert Application.objects.count() == 1
    assert OutboxMessage.objects.filter(user=resident).count() == 1
    assert len(mailoutbox) == 1 and first.registration_number in mailoutbox[0].body


@pytest.mark.parametrize(
    "change, message",
    [
        ({"requested_sum": Decimal("40000")}, "maximum"),
        ({"contribution_cash": Decimal("99")}, "estimate total"),
        ({"title": ""}, "title"),
    ],
)
def test_submit_refuses_bad_applications(resident, change, message):
    application = ApplicationFactory(applicant=resident)
    for k, v in change.items():
        setattr(application, k, v)
    application.save()
    with pytest.raises(ValidationError) as err:
        services.application_submit(actor=resident, application=application)
    assert any(message in m for m in err.value.messages)
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_submit_after_window_is_refused(resident):
    import datetime

    application = ApplicationFactory(applicant=resident)
    contest = application.contest
    contest.window_opens = contest.window_closes = datetime.date(2019, 12, 16)
    contest.save()
    with pytest.raises(ValidationError, match="window"):
        services.application_submit(actor=resident, application=application)


def test_draft_line_total_must_be_quantity_times_price(resident):
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    with pytest.raises(ValidationError):
        services.application_save_draft(
            actor=resident,
            contest=contest,
            fields={"title": "x"},
            estimate_lines=[
                {
                    "item": "цемент",
                    "quantity": Decimal(2),
                    "unit_price": Decimal(10),
                    "total": Decimal(25),
                }
            ],
        )


def test_other_resident_cannot_edit_or_submit(resident):
    application = ApplicationFactory()
    with pytest.raises(PermissionDenied):
        services.application_save_draft(
            actor=resident,
            contest=application.contest,
            application=application,
            fields={"title": "x"},
        )
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=resident, application=application)


def test_paper_application_is_marked(staff_user, resident):
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    application = services.application_save_draft(
        actor=staff_user, contest=contest, applicant=resident, fields={"title": "Кагаз"}
    )
    assert application.is_paper and application.entered_by == staff_user
    assert application.applicant == resident


def test_eligibility_needs_reason_when_refused(staff_user, resident):
    application = ApplicationFactory(applicant=resident)
    services.application_submit(actor=resident, application=application)
    with pytest.raises(ValidationError):
        services.application_check(
            actor=staff_user, application=application, eligible=False, reason=""
        )
    services.application_check(
        actor=staff_user, application=application, eligible=False, reason="Смета толук эмес"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.INELIGIBLE
    assert application.reason == "Смета толук эмес"


def test_conflicted_member_cannot_score(evaluation_contest):
    contest, members, apps = evaluation_contest
    services.declaration_record(actor=members[0].user, application=apps[0], has_conflict=True)
    with pytest.raises(PermissionDenied):
        services.scores_save(
            actor=members[0].user,
            application=apps[0],
            values={c.pk: (5, "") for c in contest.criteria.all()},
            submit=True,
        )


def test_member_of_another_contest_cannot_score(evaluation_contest):
    contest, members, apps = evaluation_contest
    outsider = CommissionMemberFactory(contest=ContestFactory())
    with pytest.raises(PermissionDenied):
        services.declaration_record(actor=outsider.user, application=apps[0], has_conflict=False)
    with pytest.raises(PermissionDenied):
        services.scores_save(actor=outsider.user, application=apps[0], values={}, submit=True)


def test_submitted_scores_are_final(evaluation_contest):
    contest, members, apps = evaluation_contest
    score_all(members[0], apps[0], 5)
    with pytest.raises(ValidationError):
        score_all(members[0], apps[0], 9)


def test_results_refused_without_quorum(evaluation_contest, head_user):
    contest, members, apps = evaluation_contest
    for a in apps:
        score_all(members[0], a, 5)
    with pytest.raises(ValidationError, match="quorum"):
        services.protocol_prepare(actor=head_user, contest=contest)


def test_staff_cannot_approve_results(evaluation_contest, staff_user):
    contest, members, apps = evaluation_contest
    with pytest.raises(PermissionDenied):
        services.contest_results_approve(actor=staff_user, contest=contest)


def test_results_end_to_end_with_pdfs(
    evaluation_contest, head_user, django_capture_on_commit_callbacks, mailoutbox
):
    contest, members, apps = evaluation_contest
    for member in members:
        for a, v in zip(apps, (9, 8, 7), strict=False):
            score_all(member, a, v)
    with django_capture_on_commit_callbacks(execute=True):
        adopt_protocol(contest, actor=head_user)
        services.contest_results_approve(actor=head_user, contest=contest)
    contest.refresh_from_db()
    assert contest.status == Contest.Status.RESULTS
    statuses = [Application.objects.get(pk=a.pk).status for a in apps]
    assert statuses == ["selected", "selected", "not_selected"]
    loser = Application.objects.get(pk=apps[2].pk)
    assert "батпайт" in loser.reason
    assert contest.protocol.kind == "protocol" and contest.results_order.kind == "order"
    protocol = pdf_text(contest.protocol)
    assert "Колдоого алынды" in protocol and apps[0].title in protocol
    order = pdf_text(contest.results_order)
    assert "БУЙРУК КЫЛАМ" in order and "жеңүүчүлөрдүн" in order.lower() or "Жеңүүчүлөрдүн" in order
    assert contest.winners_notice.category == Notice.Category.CONTEST
    assert len({m.to[0] for m in mailoutbox}) == 3
    # numbering: a second contest's protocol takes the next number of the year
    assert OfficialDocument.objects.filter(kind="protocol").count() == 1


def test_protocol_and_order_numbers_follow_the_registry(
    municipality, evaluation_contest, head_user, django_capture_on_commit_callbacks
):
    contest, members, apps = evaluation_contest
    other = ContestFactory(status="accepting")
    CommissionMemberFactory(contest=other, is_chair=True)
    with django_capture_on_commit_callbacks(execute=True):
        appointed = services.commission_appoint(actor=head_user, contest=other)
    for member in members:
        for a in apps:
            score_all(member, a, 6)
    with django_capture_on_commit_callbacks(execute=True):
        adopt_protocol(contest, actor=head_user)
        services.contest_results_approve(actor=head_user, contest=contest)
    contest.refresh_from_db()
    assert appointed.number == 1
    assert contest.results_order.number == appointed.number + 1
    assert contest.protocol.number == 1


def test_commission_order_pdf_lists_members(
    municipality, head_user, django_capture_on_commit_callbacks
):
    contest = ContestFactory(title="Жаштар <b>сынагы</b>")
    CommissionMemberFactory(
        contest=contest, is_chair=True, user=UserFactory(full_name="Бекова Бүбүсара")
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = services.commission_appoint(actor=head_user, contest=contest)
    text = pdf_text(document)
    assert "Бекова Бүбүсара" in text and "Төрага" in text and "<b>сынагы</b>" in text


def test_close_window_requires_commission_order(staff_user):
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    with pytest.raises(ValidationError):
        services.contest_close_window(actor=staff_user, contest=contest)


def test_agreement_and_terms(
    evaluation_contest, head_user, staff_user, django_capture_on_commit_callbacks
):
    contest, members, apps = evaluation_contest
    for member in members:
        for a in apps:
            score_all(member, a, 6)
    adopt_protocol(contest, actor=head_user)
    services.contest_results_approve(actor=head_user, contest=contest)
    winner = Application.objects.filter(status="selected").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_issue(actor=staff_user, application=winner)
    winner.refresh_from_db()
    assert "макулдашуу" in pdf_text(winner.agreement).lower()
    assert "Материалдар" in pdf_text(winner.terms)
    assert winner.reports.count() == 2


def test_stored_results_can_be_recomputed(evaluation_contest, head_user):
    from initiatives.selectors import contest_selection

    contest, members, apps = evaluation_contest
    for i, member in enumerate(members):
        for a, v in zip(apps, (9, 8, 7), strict=False):
            score_all(member, a, v - i % 2)
    adopt_protocol(contest, actor=head_user)
    services.contest_results_approve(actor=head_user, contest=contest)
    contest.refresh_from_db()
    stored = dict(contest.results)
    stored.pop("computed_at")
    stored.pop("snapshot")  # what the protocol prints, beside the ranking
    assert contest_selection(contest).as_dict() == stored
