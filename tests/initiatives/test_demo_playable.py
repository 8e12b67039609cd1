"""The demo can be played through: every printed account logs in, and each workflow the demo
leaves open (the contest in evaluation, the draft plan, the announced budget hearing, a
monitoring visit) is finished by the printed accounts through the views; the demo's dates
agree with its statuses."""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import Application, Contest
from municipality.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "x-Demo-123"


@override_settings(DEBUG=True)
def test_every_printed_account_logs_in_and_the_evaluation_can_be_finished(municipality):
    out = io.StringIO()
    call_command("seed_demo", password=PASSWORD, stdout=out)
    printed = out.getvalue().split("Demo accounts", 1)[1].splitlines()[1:]
    usernames = [line.strip() for line in printed if line.startswith("  ")]
    assert {"commission4", "commission5"} <= set(usernames)
    for username in usernames:
        assert Client().login(username=username, password=PASSWORD), username
    today = timezone.localdate()
    for past in Contest.objects.exclude(
        status__in=[Contest.Status.DRAFT, Contest.Status.ANNOUNCED, Contest.Status.ACCEPTING]
    ):
        assert past.window_closes < today, past  # a closed window is in the past
        for application in past.applications.exclude(submitted_at=None):
            assert timezone.localdate(application.submitted_at) <= past.window_closes
    assert dates_disagreeing_with_statuses() == []
    contest = Contest.objects.get(status=Contest.Status.EVALUATION)
    head = User.objects.get(username="head")
    eligible = list(contest.applications.filter(status=Application.Status.ELIGIBLE))
    assert eligible
    for member in contest.members.filter(replaced_at__isnull=True).select_related("user"):
        assert member.user.username in usernames and member.user.has_usable_password()
        for application in eligible:
            if member.scores.filter(application=application, submitted=True).exists():
                continue
            declared = member.declarations.filter(application=application).first()
            if declared is None:
                services.declaration_record(
                    actor=member.user, application=application, has_conflict=False
                )
            elif declared.has_conflict:
                continue
            values = {c.pk: (c.max_score // 2, "") for c in contest.criteria.all()}
            services.scores_save(
                actor=member.user, application=application, values=values, submit=True
            )
    staff = User.objects.get(username="staff")
    services.contest_move(actor=staff, contest=contest, to=Contest.Status.PROTOCOL)
    _sign_adopt_and_order(contest, usernames, staff=staff, head=head)
    # The contest left at its sitting: the members who have not signed yet sign it themselves.
    sitting = Contest.objects.get(status=Contest.Status.PROTOCOL)
    _sign_adopt_and_order(sitting, usernames, staff=staff, head=head)
    # The contest whose protocol is adopted: the head approves the results by order.
    adopted = Contest.objects.get(status=Contest.Status.ADOPTED)
    services.contest_move(actor=head, contest=adopted, to=Contest.Status.RESULTS)
    adopted.refresh_from_db()
    assert adopted.status == Contest.Status.RESULTS and adopted.results_order_id


def _sign_adopt_and_order(contest, usernames, *, staff, head):
    for member in contest.members.filter(
        replaced_at__isnull=True, protocol_signature__isnull=True
    ).select_related("user"):
        assert member.user.username in usernames and member.user.has_usable_password()
        services.protocol_sign(actor=member.user, contest=contest)
    services.contest_move(actor=staff, contest=contest, to=Contest.Status.ADOPTED)
    services.contest_move(actor=head, contest=contest, to=Contest.Status.RESULTS)
    contest.refresh_from_db()
    assert contest.status == Contest.Status.RESULTS


# --- The other workflows, played as the printed accounts through the views. ---------------
#
# Each test seeds the demo (the rendered PDFs are kept for the module: the same world gives
# the same HTML, so seeding again costs seconds) and logs in with the printed password.

_PDF_BY_HTML = {}


@pytest.fixture
def demo(monkeypatch):
    from municipality import pdf

    render = pdf.html_to_pdf

    def html_to_pdf(html):
        if html not in _PDF_BY_HTML:
            _PDF_BY_HTML[html] = render(html)
        return _PDF_BY_HTML[html]

    monkeypatch.setattr(pdf, "html_to_pdf", html_to_pdf)
    with override_settings(DEBUG=True):
        call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())


def logged_in(username) -> Client:
    """A browser of the printed account, logged in through the log-in page."""
    client = Client()
    response = client.post(
        reverse("municipality:login"), {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302, (username, response.status_code)
    return client


class _Form(HTMLParser):
    """The values a browser would send for the form whose action ends with `action`."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.data = action, False, {}
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = (a.get("action") or "").endswith(self.action)
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self.data[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.inside and self.textarea:
            self.data[self.textarea] += data


def form_values(client, page_url, action="") -> dict:
    page = client.get(page_url)
    assert page.status_code == 200, (page_url, page.status_code)
    parser = _Form(action)
    parser.feed(page.content.decode())
    return parser.data


def the_day_comes(model, pk, field):
    """Time passes to the announced day (the demo's date is ahead): what the clock would do."""
    model.objects.filter(pk=pk).update(**{field: timezone.now() - datetime.timedelta(hours=1)})


def test_plan_workflow_comment_answer_approve(demo):
    from engagement_plan.models import Comment, Plan

    plan = Plan.objects.get(status=Plan.Status.DISCUSSION)
    # A resident comments on the draft under discussion.
    resident = logged_in("resident1")
    response = resident.post(
        reverse("engagement_plan:comment-add", args=[plan.pk]),
        {"text": "Жыйындын күнүн эрте жарыялаңыздар."},
    )
    assert response.status_code == 302
    assert plan.comments.filter(author__username="resident1").exists()
    # The office answers every comment (the resident's, the demo's online and paper ones).
    staff = logged_in("staff")
    office_url = reverse("engagement_plan:plan-office", args=[plan.pk])
    for comment in plan.comments.filter(answer=Comment.Answer.PENDING):
        response = staff.post(
            reverse("engagement_plan:comment-answer", args=[comment.pk]),
            {f"c{comment.pk}-answer": "accepted", f"c{comment.pk}-answer_text": "Эске алынат."},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert not plan.comments.filter(answer=Comment.Answer.PENDING).exists()
    # The village gathering the demo announced has taken place; the office records it.
    assert plan.gathering_at <= timezone.now()
    data = form_values(staff, office_url, "/gathering/")
    data.update(
        held_on=timezone.localdate().isoformat(),
        place="Ак-Булуң айылы, мектеп",
        chair_name="Мамытов Бакыт",
        minutes="Пландын долбоору окулду, суроолорго жооп берилди.",
        decisions="Пландын долбоору колдоого алынды.",
        attendance_total="41",
    )
    response = staff.post(reverse("engagement_plan:gathering-record", args=[plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # The head approves it (directions left empty: with a justification).
    head = logged_in("head")
    response = head.post(
        reverse("engagement_plan:plan-approve", args=[plan.pk]),
        {"justification": "Калган багыттар иштеп жаткан планда камтылган."},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED, [str(m) for m in get_messages(response)]
    assert plan.approval_order and plan.approval_order.number


def test_budget_hearing_workflow_announce_hold_protocol(demo):
    from budget.models import Hearing, Proposal

    staff = logged_in("staff")
    # Announce: a new hearing, saved as a draft and announced on the notice board.
    data = form_values(staff, reverse("budget:office-hearing-create"), "")
    starts = timezone.localtime() + datetime.timedelta(days=20)
    data.update(
        kind=Hearing.Kind.DRAFT_BUDGET,
        fiscal_year=str(timezone.localdate().year + 2),
        starts_at=starts.strftime("%Y-%m-%dT10:00"),
        address_ky="Айыл өкмөтүнүн жыйындар залы",
        agenda_ky="Бюджеттин долбоорун талкуулоо.",
        responsible=str(User.objects.get(username="staff").pk),
    )
    data.pop("materials_lines", None)
    response = staff.post(reverse("budget:office-hearing-create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    new = Hearing.objects.get(fiscal_year=timezone.localdate().year + 2)
    staff.post(reverse("budget:office-hearing-announce", args=[new.pk]))
    new.refresh_from_db()
    assert new.status == Hearing.Status.ANNOUNCED and new.notice is not None
    # Hold: the demo's announced hearing takes place; the office records it.
    hearing = Hearing.objects.exclude(pk=new.pk).get(status=Hearing.Status.ANNOUNCED)
    the_day_comes(Hearing, hearing.pk, "starts_at")
    hold_url = reverse("budget:office-hearing-hold", args=[hearing.pk])
    data = form_values(staff, hold_url, "")
    data.update(attendance_total="37", discussion="Тургундар бюджеттин долбоорун талкуулашты.")
    response = staff.post(hold_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.HELD
    # Every proposal gets a decision, then the head publishes the protocol.
    for proposal in hearing.proposals.filter(decision=""):
        response = staff.post(
            reverse("budget:office-proposal-decide", args=[proposal.pk]),
            {"decision": Proposal.Decision.ACCEPTED, "reason": ""},
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    head = logged_in("head")
    head.post(reverse("budget:office-hearing-protocol", args=[hearing.pk]))
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.PROTOCOL_PUBLISHED and hearing.protocol.number


def test_monitoring_workflow_protocol_with_quorum_signed(demo):
    from monitoring.models import MonitoringGroup, Protocol

    group = MonitoringGroup.objects.get()
    subject = group.subjects.order_by("pk").first()
    member = logged_in("monitor2")
    response = member.post(reverse("monitoring:protocol-start", args=[subject.pk]))
    assert response.status_code == 302
    protocol = Protocol.objects.get(status=Protocol.Status.DRAFT, subject=subject)
    edit_url = reverse("monitoring:protocol-edit", args=[protocol.pk])
    page = member.get(edit_url).content.decode()
    data = form_values(member, edit_url, "")
    # Every member came (the quorum), every checklist question answered.
    data["members_present"] = sorted(
        set(re.findall(r'name="members_present" value="(\d+)"', page))
    )
    for name in set(re.findall(r'type="radio" name="(q\d+)"', page)):
        data[name] = "yes"
    data.update(
        visit_date=timezone.localdate().isoformat(),
        address="Маданият үйүнүн алды",
        findings="Иш жүрүп жатат.",
        **{"rec-0-text": "Иштин мөөнөтүн сактоо"},
        submit="",
    )
    response = member.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.SUBMITTED
    chair = logged_in("monitor1")
    sign_url = reverse("monitoring:protocol-sign", args=[protocol.pk])
    data = form_values(chair, sign_url, "")
    data.pop("reason", None)
    data["sign"] = ""
    response = chair.post(sign_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.PUBLISHED and protocol.document.number


def dates_disagreeing_with_statuses() -> list[str]:
    """What the seeded demo shows as done in the future, or as coming in the past."""
    from budget.models import Hearing
    from community.models import Gathering, Survey
    from engagement_plan.models import Plan
    from kenesh.models import Session
    from monitoring.models import Protocol

    now, today = timezone.now(), timezone.localdate()
    wrong = []
    for model, coming, done in (
        (Hearing, ["announced"], ["held", "protocol_published"]),
        (Session, ["announced"], ["held"]),
        (Gathering, ["announced"], ["held"]),
    ):
        for obj in model.objects.filter(status__in=coming, starts_at__lt=now):
            wrong.append(f"{model.__name__} {obj.pk} {obj.status} in the past")
        for obj in model.objects.filter(status__in=done, starts_at__gt=now):
            wrong.append(f"{model.__name__} {obj.pk} {obj.status} in the future")
    for survey in Survey.objects.filter(status=Survey.Status.OPEN):
        if not survey.opens_on <= today <= survey.closes_on:
            wrong.append(f"open survey {survey.pk} outside its period")
    for survey in Survey.objects.filter(status=Survey.Status.CLOSED, opens_on__gt=today):
        wrong.append(f"closed survey {survey.pk} not opened yet")
    for plan in Plan.objects.filter(status=Plan.Status.IN_FORCE):
        if not plan.period_start <= today.year <= plan.period_end:
            wrong.append(f"plan in force {plan.pk} outside its period")
    for protocol in Protocol.objects.exclude(visit_date=None).filter(visit_date__gt=today):
        wrong.append(f"protocol {protocol.pk} of a visit in the future")
    return wrong


def test_a_demo_resident_meets_no_link_they_cannot_open(demo):
    """A crawl of the demo as a resident: every address a page links to opens (was a 404 on
    /ky/notices/<pk>/: a past hearing linked to its expired notice)."""
    from budget.models import Hearing

    client = logged_in("resident1")
    past = Hearing.objects.get(status=Hearing.Status.PROTOCOL_PUBLISHED)
    assert past.notice is not None and past.notice.board_state == "expired"
    start = ["/ky/", "/ky/notices/", past.get_absolute_url(), "/ky/my/"]
    seen, queue, broken = dict.fromkeys(start, ""), list(start), []
    skip = ("/ky/accounts/logout/", "/ky/i18n/", "/media/", "/files/", "/static/", "/admin/")
    while queue and len(seen) < 400:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code >= 400:
            broken.append((url, response.status_code, "linked from", seen[url]))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in re.findall(r'href="(/ky/[^"#?]*)', response.content.decode()):
            if link not in seen and not link.startswith(skip) and "/office/" not in link:
                seen[link] = url
                queue.append(link)
    assert broken == [], broken
