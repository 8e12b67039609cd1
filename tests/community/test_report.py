import datetime
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from community import selectors, services
from community.models import AnnualReport, PriorityLink
from initiatives.models import Application, Support
from municipality.models import Attendance, Notice, OfficialDocument
from tests.budget.factories import BudgetLineFactory
from tests.community.factories import person, priority
from tests.engagement_plan.factories import ActivityFactory, CommentFactory
from tests.initiatives.factories import ApplicationFactory
from tests.monitoring.factories import ProtocolFactory, RecommendationFactory
from tests.municipality.factories import UserFactory, VillageFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def _pdftotext(path):
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _pdftotext_bytes(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def _year_of_records(staff_user):
    """Known data: 2 priorities raised in 2025, one with a plan activity and a budget line."""
    a, b = VillageFactory(name="Ак-Суу", order=1), VillageFactory(name="Кара-Жыгач", order=2)
    water = priority(title="Ичүүчү суу", village=a, held_on=datetime.date(YEAR, 3, 1))
    priority(title="Жол", rank=2, village=b, held_on=datetime.date(YEAR, 3, 8))
    done = ActivityFactory(title="Суу түтүгү", status="done", deadline=datetime.date(YEAR, 6, 1))
    ActivityFactory(title="Жыйын", status="planned", deadline=datetime.date(YEAR, 9, 1))
    PriorityLink.objects.create(priority=water, plan_activity=done)
    line = BudgetLineFactory(year=YEAR, planned=Decimal("100000"), actual=Decimal("80000"))
    BudgetLineFactory(year=YEAR, planned=Decimal("50000"), actual=None)
    PriorityLink.objects.create(priority=water, budget_line=line)
    protocol = ProtocolFactory(status="published", visit_date=datetime.date(YEAR, 7, 1))
    RecommendationFactory(protocol=protocol, status="answered")
    RecommendationFactory(protocol=protocol)
    row = Attendance.objects.create(
        held_on=datetime.date(YEAR, 3, 1), source="community.assessment", total=40, women=22
    )
    assessment = water.problems.get().assessment
    assessment.attendance = row
    assessment.save()
    # Named participation: Aigul in a group and (through her account) a support; Bakyt a
    # comment only; a third resident's support only.
    account = UserFactory()
    aigul = person("Асанова Айгүл", user=account)
    services.initiative_group_create(
        priority=water,
        actor=staff_user,
        name="Таза суу",
        formed_on=datetime.date(YEAR, 4, 1),
        members=[{"person": aigul}],
    )
    application = ApplicationFactory(status=Application.Status.SUBMITTED)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=datetime.datetime(YEAR, 5, 1, tzinfo=datetime.UTC)
    )
    for user in (account, UserFactory()):
        support = Support.objects.create(application=application, user=user)
        Support.objects.filter(pk=support.pk).update(
            created_at=datetime.datetime(YEAR, 5, 2, tzinfo=datetime.UTC)
        )
    comment = CommentFactory(author=UserFactory())
    type(comment).objects.filter(pk=comment.pk).update(
        created_at=datetime.datetime(YEAR, 6, 2, tzinfo=datetime.UTC)
    )
    return water, application


def test_report_figures_from_known_records(staff_user, municipality):
    water, application = _year_of_records(staff_user)
    figures = selectors.report_figures(year=YEAR)
    assert figures["priorities_raised"] == 2
    assert figures["assessments"] == 2
    assert [a.title for a in figures["activities_done"]] == ["Суу түтүгү"]
    assert [a.title for a in figures["activities_overdue"]] == ["Жыйын"]
    assert figures["budget_planned"] == Decimal("150000")
    assert figures["budget_actual"] == Decimal("80000")
    assert figures["protocols"] == 1
    assert figures["recommendations"] == 2 and figures["recommendations_answered"] == 1
    assert figures["attendance"]["total"] == 40
    # People: Aigul (group + support through her account = 2), the applicant (1),
    # the other supporter (1), the commenter (1) → 4 different people, 3 only once.
    assert figures["participation"] == {"people": 4, "once": 3, "records": 5}
    thread = next(t for t in figures["threads"] if t.priority == water)
    assert [s.done for s in thread.steps][:4] == [True, True, True, True]


def test_published_report_pdfs_in_kyrgyz_and_russian(
    client, staff_user, municipality, django_capture_on_commit_callbacks
):
    water, _application = _year_of_records(staff_user)
    report = services.report_save(
        actor=staff_user,
        year=YEAR,
        introduction="Урматтуу айылдаштар, бул биздин отчет.",
        introduction_ru="Уважаемые односельчане, это наш отчет.",
        conclusions="Суу маселеси чечилүүдө.",
        conclusions_ru="Вопрос воды решается.",
    )
    assert client.get(report.get_absolute_url()).status_code == 404  # draft
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(report=report, actor=staff_user)
    report = AnnualReport.objects.get()
    assert report.status == AnnualReport.Status.PUBLISHED
    assert water in report.priorities.all()
    assert Notice.objects.get(pk=report.notice_id).subject == report
    document = report.document
    document.refresh_from_db()
    assert document.kind == OfficialDocument.Kind.REPORT
    assert document.status == OfficialDocument.Status.ISSUED, document.error
    # The Russian PDF is the translation copy of the Kyrgyz original (same number).
    russian = client.get(reverse("municipality:document-pdf", args=[document.pk]) + "?language=ru")
    for text, expected, foreign in (
        (
            _pdftotext(document.file.path),
            ["Урматтуу айылдаштар", "Ичүүчү суу", "150000"],
            "Conclusions",
        ),
        (
            _pdftotext_bytes(russian.content),
            ["Уважаемые односельчане", "Вопрос воды решается"],
            "Conclusions",
        ),
    ):
        for fragment in expected:
            assert fragment in text
        assert foreign not in text
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Урматтуу айылдаштар" in page
    # The thread's last step is now reached.
    thread = selectors.priority_thread(water)
    assert thread.steps[7].done


def test_issued_report_pdf_keeps_every_row_of_its_long_tables(
    staff_user, municipality, django_capture_on_commit_callbacks
):
    """The long tables have a fixed layout (the report's speed): read back, every row of the
    threads and the budget is there, headers repeat on the pages a table runs over, and the
    Kyrgyz letters ң ө ү come out as text."""
    village = VillageFactory(name="Үч-Өмүр", order=1)
    for i in range(1, 41):
        priority(
            title=f"Көчө жарыгы {i:03d} (Жаңы-Жол)",
            rank=i,
            village=village,
            held_on=datetime.date(YEAR, 3, 1),
        )
    for i in range(1, 71):
        BudgetLineFactory(
            year=YEAR,
            category__name=f"Көпүрө жана жол {i:03d} (Үч-Өмүр)",
            planned=Decimal(100_000 + i),
            actual=Decimal(90_000 + i),
        )
    report = services.report_save(
        actor=staff_user, year=YEAR, introduction="Урматтуу айылдаштар!", conclusions="Жыйынтык."
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(report=report, actor=staff_user)
    document = AnnualReport.objects.get().document
    document.refresh_from_db()
    assert document.status == OfficialDocument.Status.ISSUED, document.error
    text = _pdftotext(document.file.path)
    assert text.count("\f") >= 4  # several pages
    assert "Урматтуу айылдаштар!" in text and "Жыйынтык." in text
    for i in range(1, 41):
        assert text.count(f"Көчө жарыгы {i:03d} (Жаңы-Жол)") == 1, i
    for i in range(1, 71):
        assert text.count(f"Көпүрө жана жол {i:03d} (Үч-Өмүр)") == 1, i
    assert "100070.00" in text and "90070.00" in text  # the budget's last row, both amounts
    # The headers repeat on the pages a table runs over.
    assert text.count("Артыкчылыгы") >= 2 and text.count("Категория") >= 2
