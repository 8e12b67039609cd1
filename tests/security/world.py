"""One small world with every kind of object in a telling state, and one account per role.

Shared by the permission matrix, the form fuzzing and the hostile upload tests.
"""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from budget.models import Hearing
from engagement_plan.models import Plan
from initiatives.models import Application, ApplicationAttachment, Contest, ImplementationReport
from monitoring.models import Protocol, Recommendation
from municipality.models import Notice, OfficialDocument, OutboxMessage, Person
from tests.budget.factories import BudgetLineFactory, HearingFactory, ProposalFactory
from tests.engagement_plan.factories import (
    ActivityFactory,
    CommentFactory,
    PlanFactory,
    valid_group,
)
from tests.initiatives.factories import (
    ApplicationFactory,
    CommissionMemberFactory,
    ContestFactory,
)
from tests.monitoring.factories import (
    ChecklistQuestionFactory,
    GroupMemberFactory,
    MonitoringGroupFactory,
    ProtocolFactory,
    RecommendationFactory,
    SubjectFactory,
    group_with_chair,
)
from tests.municipality.factories import (
    LocalIssueFactory,
    MunicipalityFactory,
    NoticeFactory,
    UserFactory,
)

# The roles of the issue, plus "chair" (the chair of monitoring group A: the positive
# control for member-of-this-group pages).
ROLES = (
    "visitor",
    "resident",  # owns the applications, proposals and comments below
    "other_resident",
    "staff",
    "head",
    "kenesh",
    "commission_other",  # sits on contest B's commission; the objects are in contest A
    "monitor_other",  # member of monitoring group B; the objects are in group A
    "administrator",
    "chair",  # chair of monitoring group A
)


def build_world():
    today = timezone.localdate()
    w = SimpleNamespace()
    w.municipality = MunicipalityFactory()
    w.users = {
        "visitor": None,
        "resident": UserFactory(username="sec-resident"),
        "other_resident": UserFactory(username="sec-other"),
        "staff": UserFactory(username="sec-staff", roles=["staff"]),
        "head": UserFactory(username="sec-head", roles=["head"]),
        "kenesh": UserFactory(username="sec-kenesh", roles=["kenesh_secretary"]),
        "commission_other": UserFactory(username="sec-commission", roles=["commission_member"]),
        "monitor_other": UserFactory(username="sec-monitor", roles=["monitoring_member"]),
        "administrator": UserFactory(username="sec-admin", roles=["administrator"]),
    }
    resident = w.users["resident"]

    # Kernel
    w.notice = NoticeFactory()
    w.notice_draft = NoticeFactory(status=Notice.Status.DRAFT)
    w.local_issue = LocalIssueFactory()
    w.person = Person.objects.create(
        full_name="Асанова Айгүл",
        name_key="асанова айгүл",
        consent="oral",
        consent_at=timezone.now(),
    )
    w.document = OfficialDocument.objects.create(
        kind=OfficialDocument.Kind.ORDER,
        year=today.year,
        number=901,
        date=today,
        title="Буйрук",
        status=OfficialDocument.Status.ISSUED,
        is_public=True,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="order.pdf"),
    )
    w.document_private = OfficialDocument.objects.create(
        kind=OfficialDocument.Kind.ORDER,
        year=today.year,
        number=902,
        date=today,
        title="Ички буйрук",
        status=OfficialDocument.Status.FAILED,
        is_public=False,
    )
    w.outbox = OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.EMAIL,
        recipient="a@example.kg",
        body="Текст",
        status=OutboxMessage.Status.FAILED,
    )

    # Engagement plan
    w.working_group = valid_group()
    w.working_member = w.working_group.members.first()
    w.plan = PlanFactory(status=Plan.Status.DISCUSSION)
    w.plan_draft = PlanFactory(status=Plan.Status.DRAFT)
    w.activity = ActivityFactory(plan=w.plan)
    w.comment = CommentFactory(plan=w.plan)

    # Initiatives: contest A accepts applications, B is being evaluated (commission_other
    # sits on B), C is being implemented (the resident's selected project reports), D is a draft.
    w.contest = ContestFactory(status=Contest.Status.ACCEPTING)
    w.contest_b = ContestFactory(status=Contest.Status.EVALUATION)
    w.member_b = CommissionMemberFactory(contest=w.contest_b, user=w.users["commission_other"])
    w.contest_impl = ContestFactory(status=Contest.Status.IMPLEMENTATION)
    w.contest_draft = ContestFactory(status=Contest.Status.DRAFT)
    w.application = ApplicationFactory(contest=w.contest, applicant=resident)
    w.application_submitted = ApplicationFactory(
        contest=w.contest, applicant=resident, status=Application.Status.SUBMITTED
    )
    w.application_paper = ApplicationFactory(
        contest=w.contest,
        applicant=None,
        is_paper=True,
        incoming_number="К-1",
        received_on=today,
        registration_number=f"{w.contest.pk}-900",
        status=Application.Status.SUBMITTED,
    )
    w.application_selected = ApplicationFactory(
        contest=w.contest_impl, applicant=resident, status=Application.Status.SELECTED
    )
    w.application_b = ApplicationFactory(
        contest=w.contest_b,
        applicant=w.users["other_resident"],
        status=Application.Status.ELIGIBLE,
    )
    w.attachment = ApplicationAttachment.objects.create(
        application=w.application,
        title="Смета",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="estimate.pdf"),
        content_type="application/pdf",
        size=15,
    )
    w.report = ImplementationReport.objects.create(
        application=w.application_selected, due_date=today + datetime.timedelta(days=10)
    )

    # Budget
    w.hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    w.hearing_draft = HearingFactory(status=Hearing.Status.DRAFT)
    w.proposal = ProposalFactory(hearing=w.hearing, author=resident)
    w.line = BudgetLineFactory()
    w.category = w.line.category

    # Monitoring: group A with its chair, group B with monitor_other.
    w.group, chair_seat, _member = group_with_chair()
    w.users["chair"] = chair_seat.user
    w.group_b = MonitoringGroupFactory()
    GroupMemberFactory(group=w.group_b, user=w.users["monitor_other"])
    w.subject = SubjectFactory(group=w.group)
    ChecklistQuestionFactory(group=w.group)
    w.protocol_draft = ProtocolFactory(subject=w.subject, status=Protocol.Status.DRAFT)
    w.protocol_submitted = ProtocolFactory(subject=w.subject, status=Protocol.Status.SUBMITTED)
    w.protocol = ProtocolFactory(subject=w.subject, status=Protocol.Status.PUBLISHED)
    w.recommendation = RecommendationFactory(protocol=w.protocol)
    w.recommendation_answered = RecommendationFactory(
        protocol=w.protocol, status=Recommendation.Status.ANSWERED
    )
    _kenesh_world(w, today)

    # Community: an announced gathering, an assessment, a priority with a link, reports.
    from community.models import AnnualReport, Gathering, PriorityLink
    from tests.community.factories import priority

    w.gathering = Gathering.objects.create(
        title="Айылдык жыйын",
        agenda="Күн тартиби",
        place="Мектеп",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    w.priority = priority()
    w.assessment = w.priority.problems.get().assessment
    w.priority_link = PriorityLink.objects.create(priority=w.priority, budget_line=w.line)
    AnnualReport.objects.create(year=2025, status=AnnualReport.Status.PUBLISHED)
    AnnualReport.objects.create(year=2024)
    from community.models import Survey

    w.survey = Survey.objects.create(
        title="Сурамжылоо", opens_on=today, closes_on=today, status=Survey.Status.OPEN
    )
    w.survey_draft = Survey.objects.create(title="Долбоор", opens_on=today, closes_on=today)
    return w


def _kenesh_world(w, today):
    """Kenesh: a session being prepared and an announced one with an item; a collecting and a
    filed initiative; a published and a draft resolution; an open petition."""
    import datetime

    from kenesh.models import AgendaItem, Commission, Initiative, Petition, Resolution, Session

    soon = timezone.now() + datetime.timedelta(days=30)
    w.kenesh_session_draft = Session.objects.create(
        convocation=7, number=1, starts_at=soon, place="Зал"
    )
    w.kenesh_session = Session.objects.create(
        convocation=7, number=2, starts_at=soon, place="Зал", status=Session.Status.ANNOUNCED
    )
    w.kenesh_item = AgendaItem.objects.create(session=w.kenesh_session, title="Бюджет")
    w.kenesh_initiative = Initiative.objects.create(
        title="Демилге",
        summary="С",
        draft_text="Д",
        initiators="Асан",
        status=Initiative.Status.COLLECTING,
        signing_ends=today + datetime.timedelta(days=30),
        threshold=100,
    )
    w.kenesh_initiative_filed = Initiative.objects.create(
        title="Катталбаган", summary="С", draft_text="Д", initiators="Асан"
    )
    w.kenesh_resolution = Resolution.objects.create(
        number="1", adopted_on=today, title="Токтом", text="Т", status="published"
    )
    from municipality.models import OfficialDocument

    w.kenesh_resolution_pdf = Resolution.objects.create(
        number="3", adopted_on=today, title="Токтом", text="Т", status="published"
    )
    w.kenesh_resolution_pdf.document = OfficialDocument.objects.create(
        kind="resolution",
        year=today.year,
        number=900,
        date=today,
        title="Токтом",
        template_name="kenesh/pdf/resolution.html",
        subject=w.kenesh_resolution_pdf,
    )
    w.kenesh_resolution_pdf.pdf_ru.save("ru.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    w.kenesh_resolution_pdf.save(update_fields=["document", "pdf_ru"])
    w.kenesh_resolution_draft = Resolution.objects.create(
        number="2", adopted_on=today, title="Долбоор", text="Т"
    )
    w.kenesh_petition = Petition.objects.create(title="Петиция", text="Т")
    w.kenesh_commission = Commission.objects.create(name_ky="Бюджет комиссиясы")


def clients_for(world, client_class):
    """One logged-in test client per role (the visitor's is anonymous)."""
    clients = {}
    for role in ROLES:
        client = client_class()
        if world.users.get(role) is not None:
            client.force_login(world.users[role])
        clients[role] = client
    return clients
