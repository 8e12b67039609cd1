"""Issue 14, plan procedures: each rule at its boundary, through the views."""

import datetime
import subprocess
import tempfile

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Gathering
from engagement_plan import services
from engagement_plan.models import Activity, Comment, Plan
from engagement_plan.selectors import plan_pdf_context, plan_versions

from .factories import ActivityFactory, PlanFactory
from .test_services import approved_group

pytestmark = pytest.mark.django_db


def _discussion(staff, head, *, directions=Activity.Direction.values, days=3):
    plan = PlanFactory(working_group=approved_group(head))
    for direction in directions:
        ActivityFactory(plan=plan, direction=direction)
    services.plan_open_discussion(
        plan=plan,
        actor=staff,
        gathering_at=timezone.now() + datetime.timedelta(days=days),
        place="Маданият үйү",
    )
    plan.refresh_from_db()
    return plan


def _gathering_post(day):
    return {
        "held_on": day.isoformat(),
        "place": "Мектеп",
        "chair_name": "Мамытов Бакыт",
        "minutes": "Пландын долбоору окулду.",
        "decisions": "Колдоо",
        "attendance_total": "30",
        "attendance_women": "14",
        "attendance_men": "16",
    }


def test_gathering_cannot_be_recorded_before_its_announced_date(client, staff_user, head_user):
    plan = _discussion(staff_user, head_user, days=3)
    client.force_login(staff_user)
    url = reverse("engagement_plan:gathering-record", args=[plan.pk])
    announced = timezone.localdate(plan.gathering_at)
    page = client.post(url, _gathering_post(timezone.localdate())).content.decode()
    assert not plan.gatherings.filter(status=Gathering.Status.HELD).exists()
    assert f"{announced:%d.%m.%Y}" in page and "жарыяланган" in page
    # the day comes: recorded on the announced date itself
    Plan.objects.filter(pk=plan.pk).update(gathering_at=timezone.now())
    client.post(url, _gathering_post(timezone.localdate()))
    assert plan.gatherings.count() == 1


def test_recorded_gathering_is_a_community_gathering_of_the_plan(client, staff_user, head_user):

    plan = _discussion(staff_user, head_user, days=3)
    # opening the discussion announced it as a community gathering, not yet held
    announced = Gathering.objects.get()
    assert plan.announced_gathering == announced
    assert not plan.gatherings.filter(status=Gathering.Status.HELD).exists()
    assert announced.status == Gathering.Status.ANNOUNCED
    assert announced.kind == Gathering.Kind.PLAN_DISCUSSION
    assert (announced.starts_at, announced.place) == (plan.gathering_at, "Маданият үйү")
    assert announced.notice.subject_id == plan.pk
    community = client.get(reverse("community:index")).content.decode()
    assert announced.get_absolute_url() in community
    Plan.objects.filter(pk=plan.pk).update(gathering_at=timezone.now())
    client.force_login(staff_user)
    client.post(
        reverse("engagement_plan:gathering-record", args=[plan.pk]),
        _gathering_post(timezone.localdate()),
    )
    gathering = Gathering.objects.get()  # the announced one, now held
    assert gathering.pk == announced.pk
    assert list(gathering.plans.all()) == [plan]
    assert gathering.kind == Gathering.Kind.PLAN_DISCUSSION
    assert gathering.status == Gathering.Status.HELD
    assert (gathering.held_on, gathering.place, gathering.decisions) == (
        timezone.localdate(),
        "Мектеп",
        "Колдоо",
    )
    assert (gathering.attendance.total, gathering.attendance.women) == (30, 14)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert gathering.get_absolute_url() in page and "Колдоо" in page
    community_page = client.get(gathering.get_absolute_url()).content.decode()
    assert "Колдоо" in community_page and plan.title in community_page


def test_back_to_draft_calls_the_announced_gathering_off(staff_user, head_user):

    plan = _discussion(staff_user, head_user)
    services.plan_return_to_draft(plan=plan, actor=staff_user, reason="Иш-чаралар толукталат")
    announced = Gathering.objects.get()
    assert announced.status == Gathering.Status.CANCELLED
    # opened again: a new announcement, and the recording holds that one
    services.plan_open_discussion(
        plan=plan,
        actor=staff_user,
        gathering_at=timezone.now() + datetime.timedelta(days=1),
        place="Мектеп",
    )
    plan.refresh_from_db()
    assert plan.announced_gathering.status == Gathering.Status.ANNOUNCED
    assert plan.announced_gathering.place == "Мектеп" and Gathering.objects.count() == 2


def test_public_page_shows_gathering_place_and_comment_deadline(client, staff_user, head_user):
    plan = _discussion(staff_user, head_user)
    page = client.get(reverse("engagement_plan:plan-detail", args=[plan.pk])).content.decode()
    day = timezone.localtime(plan.gathering_at)
    assert "plan-gathering-announced" in page and "Маданият үйү" in page
    assert f"{day:%d.%m.%Y}" in page and "чейин кабыл алынат" in page


def test_comments_close_after_the_deadline(client, staff_user, head_user, resident):
    plan = _discussion(staff_user, head_user)
    client.force_login(resident)
    url = reverse("engagement_plan:comment-add", args=[plan.pk])
    client.post(url, {"text": "Суу маселеси"})
    assert plan.comments.count() == 1
    Plan.objects.filter(pk=plan.pk).update(
        comments_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.post(url, {"text": "Кеч калган пикир"})
    assert plan.comments.count() == 1


def _ready(plan, staff):
    Plan.objects.filter(pk=plan.pk).update(gathering_at=timezone.now())
    plan.refresh_from_db()
    services.gathering_record(
        plan=plan,
        actor=staff,
        held_on=timezone.localdate(),
        place="Мектеп",
        minutes="Пландын долбоору окулду.",
        decisions="Колдоо",
        chair_name="Мамытов Бакыт",
        attendance_total=10,
    )


def test_head_cannot_approve_with_open_points_without_a_justification(
    client, staff_user, head_user, resident
):
    plan = _discussion(staff_user, head_user, directions=["informing", "engaging"])
    comment = services.comment_add(plan=plan, actor=resident, text="Жолду оңдогула")
    _ready(plan, staff_user)
    client.force_login(head_user)
    url = reverse("engagement_plan:plan-approve", args=[plan.pk])
    page = client.post(url, {"justification": ""}).content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DISCUSSION
    assert "жооп берилген жок" in page and "Маалымат чогултуу" in page
    # answered comment and a collecting activity: nothing is open, no justification needed
    services.comment_answer(
        comment=comment, actor=staff_user, answer=Comment.Answer.ACCEPTED, answer_text="Ооба"
    )
    ActivityFactory(plan=plan, direction="collecting")
    client.post(url, {"justification": ""})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED and plan.approval_justification == ""


def test_justification_is_recorded_and_given_to_the_order(client, staff_user, head_user):
    plan = _discussion(staff_user, head_user, directions=["informing"])
    _ready(plan, staff_user)
    client.force_login(head_user)
    client.post(
        reverse("engagement_plan:plan-approve", args=[plan.pk]),
        {"justification": "Калган багыттар кийинки жылы"},
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    context = plan_pdf_context(plan=plan, document=plan.approval_order)
    assert context["approval_justification"] == "Калган багыттар кийинки жылы"


def _pdf_words(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    return " ".join(out.replace("\xa0", " ").split())


def test_order_prints_the_justification_in_kyrgyz_and_russian(
    client, municipality, staff_user, head_user, django_capture_on_commit_callbacks
):
    plan = _discussion(staff_user, head_user, directions=["informing", "engaging"])
    _ready(plan, staff_user)
    client.force_login(head_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("engagement_plan:plan-approve", args=[plan.pk]),
            {"justification": "Маалымат чогултуу кийинки чейректе кошулат"},
        )
    plan.refresh_from_db()
    order = plan.approval_order
    ky = _pdf_words(order.file.read())
    ru = _pdf_words(
        client.get(
            reverse("municipality:document-pdf", args=[order.pk]), {"language": "ru"}
        ).content
    )
    # the basis names the justification, then the order formula and the decision points
    for text, basis, formula in (
        (ky, "төмөнкү негиздемесин эске алуу менен:", "БУЙРУК КЫЛАМ:"),
        (ru, "следующего обоснования утверждения плана", "ПРИКАЗЫВАЮ:"),
    ):
        assert basis in text and "«Маалымат чогултуу кийинки чейректе кошулат»" in text
        assert text.index(basis) < text.index("кошулат»") < text.index(formula)


def test_order_without_open_points_prints_no_justification(
    client, municipality, staff_user, head_user, django_capture_on_commit_callbacks
):
    plan = _discussion(staff_user, head_user)
    _ready(plan, staff_user)
    client.force_login(head_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("engagement_plan:plan-approve", args=[plan.pk]),
            {"justification": "Керексиз негиздеме"},
        )
    plan.refresh_from_db()
    text = _pdf_words(plan.approval_order.file.read())
    assert "БУЙРУК КЫЛАМ:" in text and "негиздеме" not in text


def test_one_plan_in_force_and_a_replacement_is_the_yearly_revision(client, head_user):
    old = PlanFactory(
        status=Plan.Status.IN_FORCE, approved_at=timezone.now(), in_force_at=timezone.now()
    )
    ActivityFactory(plan=old)
    new = PlanFactory(status=Plan.Status.APPROVED, approved_at=timezone.now())
    client.force_login(head_user)
    url = reverse("engagement_plan:plan-in-force", args=[new.pk])
    # the old plan was revised less than a year ago: no second revision this year
    Plan.objects.filter(pk=old.pk).update(revised_at=timezone.now() - datetime.timedelta(days=30))
    page = client.post(url).content.decode()
    new.refresh_from_db()
    assert new.status == Plan.Status.APPROVED and "4.11" in page
    Plan.objects.filter(pk=old.pk).update(revised_at=timezone.now() - datetime.timedelta(days=366))
    client.post(url)
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.status == Plan.Status.IN_FORCE and old.status == Plan.Status.ARCHIVED
    assert Plan.objects.filter(status=Plan.Status.IN_FORCE).count() == 1
    # the replacement counts: the new plan cannot be revised again within the year
    assert services.next_revision_allowed(plan=new) is not None


def test_version_history_lists_that_plan_only(client, head_user):
    first = PlanFactory(status=Plan.Status.ARCHIVED, version=1)
    second = PlanFactory(status=Plan.Status.IN_FORCE, version=2, previous=first)
    other = PlanFactory(status=Plan.Status.ARCHIVED, title="Башка план", title_ky="Башка план")
    assert [p.pk for p in plan_versions(first)] == [second.pk, first.pk]
    page = client.get(reverse("engagement_plan:plan-detail", args=[second.pk])).content.decode()
    history = page.split('id="plan-title"')[1]
    assert f'href="{reverse("engagement_plan:plan-detail", args=[first.pk])}"' in history
    assert f'href="{reverse("engagement_plan:plan-detail", args=[other.pk])}"' not in history


def test_overdue_activities_are_marked_on_the_public_page(client):
    plan = PlanFactory(status=Plan.Status.IN_FORCE, approved_at=timezone.now())
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ActivityFactory(plan=plan, deadline=yesterday, title="Кечиккен иш-чара")
    ActivityFactory(plan=plan, deadline=timezone.localdate(), title="Бүгүнкү иш-чара")
    page = client.get(reverse("engagement_plan:plan-detail", args=[plan.pk])).content.decode()
    assert page.count("activity-overdue") == 1
    row = page.split("Кечиккен иш-чара")[1].split("</tr>")[0]
    assert "activity-overdue" in row and "Мөөнөтү өттү" in row
