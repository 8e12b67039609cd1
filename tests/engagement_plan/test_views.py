import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement_plan.models import Activity, Comment, Plan
from municipality.files import file_url
from tests.municipality.factories import LocalIssueFactory, VillageFactory

from .factories import ActivityFactory, CommentFactory, GatheringFactory, PlanFactory, valid_group

pytestmark = pytest.mark.django_db


def fill_plan(plan, n):
    village = VillageFactory()
    issue = LocalIssueFactory()
    plan.local_issues.add(issue)
    for i in range(n):
        activity = ActivityFactory(
            plan=plan,
            direction=list(Activity.Direction)[i % 3],
            status=Activity.Status.DONE,
            held_on=datetime.date(2025, 3, 1),
            place="Мектеп",
            attendance_total=20,
            attendance_female=10,
            attendance_male=10,
            age_18_35=5,
            by_village={str(village.pk): 8},
        )
        activity.local_issues.add(issue)
        CommentFactory(plan=plan)
        GatheringFactory(plan=plan)


def query_count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_public_page_queries_do_not_grow(client, municipality):
    plan = PlanFactory(
        status=Plan.Status.IN_FORCE, in_force_at=timezone.now(), working_group=valid_group()
    )
    fill_plan(plan, 2)
    url = reverse("engagement_plan:index")
    client.get(url)  # warm the content-type cache
    small = query_count(client, url)
    fill_plan(plan, 12)
    PlanFactory(status=Plan.Status.ARCHIVED, version=0)
    assert query_count(client, url) == small


def test_public_page_shows_plan_chart_and_table(client, municipality):
    plan = PlanFactory(status=Plan.Status.IN_FORCE, in_force_at=timezone.now())
    fill_plan(plan, 3)
    response = client.get(
        reverse(
            "engagement_plan:index",
        )
    )
    html = response.content.decode()
    assert plan.title in html and "<svg" in html and "<table" in html
    assert "script" not in html.split("<main", 1)[1].split("</main>")[0]


def test_public_page_without_a_plan(client, municipality):
    assert client.get(reverse("engagement_plan:index")).status_code == 200


def test_draft_is_not_public(client, municipality):
    plan = PlanFactory(status=Plan.Status.DRAFT)
    assert client.get(reverse("engagement_plan:plan-detail", args=[plan.pk])).status_code == 404


def test_resident_comments_and_sees_answer(client, municipality, resident):
    plan = PlanFactory(status=Plan.Status.DISCUSSION)
    client.force_login(resident)
    url = reverse("engagement_plan:comment-add", args=[plan.pk])
    response = client.post(url, {"text": ""})
    assert response.status_code == 400
    response = client.post(url, {"text": "Көпүрөнү оңдоо керек"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    comment.answer = Comment.Answer.REJECTED
    comment.answer_text = "Каражат жок"
    comment.save()
    html = client.get(reverse("engagement_plan:plan-detail", args=[plan.pk])).content.decode()
    assert "Көпүрөнү оңдоо керек" in html and "Каражат жок" in html


def test_office_is_for_staff(client, municipality, resident, staff_user):
    url = reverse("engagement_plan:office")
    assert client.get(url).status_code == 302
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_bad_activity_keeps_typed_input(client, municipality, staff_user):
    plan = PlanFactory()
    client.force_login(staff_user)
    response = client.post(
        reverse("engagement_plan:activity-add", args=[plan.pk]),
        {
            "title_ky": "Маалымат тактасы",
            "direction": "informing",
            "form": "other",
            "responsible": "",
            "deadline": "2031-01-01",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Маалымат тактасы"' in html and 'value="2031-01-01"' in html
    assert "invalid-feedback" in html or "is-invalid" in html
    response = client.post(
        reverse("engagement_plan:activity-add", args=[plan.pk]),
        {
            "title_ky": "Маалымат тактасы",
            "direction": "informing",
            "form": "other",
            "responsible": "Бакиев",
            "deadline": "2031-01-01",
        },
    )
    assert response.status_code == 400
    assert "2025–2026" in response.content.decode()


def test_bad_evidence_keeps_typed_input(client, municipality, staff_user):
    activity = ActivityFactory(plan=PlanFactory(status=Plan.Status.IN_FORCE))
    client.force_login(staff_user)
    response = client.post(
        reverse("engagement_plan:activity-evidence", args=[activity.pk]),
        {
            "held_on": "2025-03-01",
            "place": "Клуб",
            "result": "Өттү",
            "attendance_total": "5",
            "attendance_female": "4",
            "attendance_male": "3",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Клуб"' in html and "7" in html


def test_bad_plan_period_keeps_input(client, municipality, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("engagement_plan:plan-create"),
        {"title_ky": "План", "period_start": "2026", "period_end": "2025"},
    )
    assert response.status_code == 200
    assert 'value="План"' in response.content.decode()
    assert not Plan.objects.exists()


def test_staff_cannot_approve_through_the_page(client, municipality, staff_user):
    plan = PlanFactory(status=Plan.Status.DISCUSSION)
    client.force_login(staff_user)
    assert client.post(reverse("engagement_plan:plan-approve", args=[plan.pk])).status_code == 403


def test_office_pages_render(client, municipality, staff_user, head_user):
    group = valid_group()
    plan = PlanFactory(status=Plan.Status.DISCUSSION, working_group=group)
    ActivityFactory(plan=plan)
    CommentFactory(plan=plan)
    VillageFactory()
    for user in (staff_user, head_user):
        client.force_login(user)
        for url in (
            reverse("engagement_plan:office"),
            reverse("engagement_plan:group-detail", args=[group.pk]),
            reverse("engagement_plan:plan-office", args=[plan.pk]),
            reverse("engagement_plan:plan-edit", args=[plan.pk]),
            reverse("engagement_plan:group-create"),
            reverse("engagement_plan:plan-create"),
            reverse("engagement_plan:activity-evidence", args=[plan.activities.get().pk]),
        ):
            assert client.get(url).status_code == 200, url


def _png(name="photo.png"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_evidence_with_photos_and_villages(client, municipality, staff_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    village = VillageFactory()
    activity = ActivityFactory(plan=PlanFactory(status=Plan.Status.IN_FORCE))
    client.force_login(staff_user)
    url = reverse("engagement_plan:activity-evidence", args=[activity.pk])
    fake = SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png")
    response = client.post(
        url, {"held_on": "2025-03-01", "place": "Клуб", "result": "Өттү", "photos": [fake]}
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "held_on": "2025-03-01",
            "place": "Клуб",
            "result": "Өттү",
            "attendance_total": "12",
            "attendance_female": "7",
            "attendance_male": "5",
            f"village_{village.pk}": "9",
            "photos": [_png("a.png"), _png("b.png")],
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
    assert activity.photos.count() == 2 and activity.by_village == {str(village.pk): 9}
    html = client.get(reverse("engagement_plan:index")).content.decode()
    assert file_url(activity.photos.first().file) in html
    assert "/media/" not in html


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_pages_show_no_english_words(client, municipality, head_user, language):
    import re

    group = valid_group()
    plan = PlanFactory(status=Plan.Status.DISCUSSION, working_group=group)
    fill_plan(plan, 3)
    client.force_login(head_user)
    urls = [
        reverse("engagement_plan:index"),
        reverse("engagement_plan:office"),
        reverse("engagement_plan:group-detail", args=[group.pk]),
        reverse("engagement_plan:plan-office", args=[plan.pk]),
        reverse("engagement_plan:plan-create"),
        reverse("engagement_plan:activity-edit", args=[plan.activities.first().pk]),
    ]
    for url in urls:
        url = url.replace("/ky/", f"/{language}/", 1)
        html = client.get(url).content.decode()
        main = html.split("<main", 1)[1].split(">", 1)[1].split("</main>")[0]
        text = re.sub(r"<[^>]+>", " ", main)
        words = set(re.findall(r"[A-Za-z]{3,}", text)) - {"PDF", "JPEG", "PNG"}
        assert not words, (url, sorted(words))


def test_approving_invalid_group_lists_rules_and_keeps_justification(
    client, municipality, head_user
):
    from .factories import MemberFactory, WorkingGroupFactory

    group = WorkingGroupFactory()
    for _ in range(6):
        MemberFactory(group=group)
    client.force_login(head_user)
    response = client.post(
        reverse("engagement_plan:group-approve", args=[group.pk]),
        {"justification": "Айылда депутаттар аз"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Айылда депутаттар аз" in html
    assert "кеминде 7" in html and "30 %" in html
    group.refresh_from_db()
    assert group.status == group.Status.DRAFT


def test_second_revision_within_a_year_is_refused_on_the_page(client, municipality, head_user):
    old = PlanFactory(status=Plan.Status.REVISED, revised_at=timezone.now())
    current = PlanFactory(status=Plan.Status.IN_FORCE, previous=old, version=2)
    client.force_login(head_user)
    page = client.get(reverse("engagement_plan:plan-office", args=[current.pk])).content.decode()
    allowed = (timezone.localtime(old.revised_at) + datetime.timedelta(days=366)).year
    assert str(allowed) in page
    response = client.post(
        reverse("engagement_plan:plan-revise", args=[current.pk]),
        {"revise-reason": "Артыкчылыктар өзгөрдү"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "4.11" in html and "Артыкчылыктар өзгөрдү" in html
    assert Plan.objects.count() == 2


def test_resident_cannot_comment_outside_discussion(client, municipality, resident):
    plan = PlanFactory(status=Plan.Status.IN_FORCE)
    client.force_login(resident)
    response = client.post(reverse("engagement_plan:comment-add", args=[plan.pk]), {"text": "x"})
    assert response.status_code == 403
    assert not Comment.objects.exists()
