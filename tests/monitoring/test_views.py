import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import GroupMember, MonitoringGroup, Protocol, Recommendation
from tests.monitoring.factories import (
    GroupMemberFactory,
    ProtocolFactory,
    RecommendationFactory,
    SubjectFactory,
    group_with_chair,
    jpeg_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


def _login(client, member_or_user):
    user = getattr(member_or_user, "user", member_or_user)
    client.force_login(user)
    return user


def test_public_index_shows_only_signed_protocols(client, municipality):
    published = ProtocolFactory(status=Protocol.Status.PUBLISHED, findings="Ачык жыйынтык")
    draft = ProtocolFactory(status=Protocol.Status.DRAFT)
    submitted = ProtocolFactory(status=Protocol.Status.SUBMITTED)
    RecommendationFactory(protocol=draft, text="Жашыруун сунуштама")
    RecommendationFactory(
        protocol=published, response="Оңдолду", status=Recommendation.Status.ANSWERED
    )
    response = client.get(reverse("monitoring:index"))
    content = response.content.decode()
    assert response.status_code == 200
    assert published.subject.title in content
    assert published.get_absolute_url() in content
    assert draft.get_absolute_url() not in content
    assert submitted.get_absolute_url() not in content
    assert "Жашыруун сунуштама" not in content
    assert "Оңдолду" in content


def test_visitor_cannot_open_a_draft(client, municipality):
    draft = ProtocolFactory(status=Protocol.Status.DRAFT)
    assert client.get(reverse("monitoring:protocol-detail", args=[draft.pk])).status_code == 404
    published = ProtocolFactory(status=Protocol.Status.PUBLISHED)
    assert client.get(published.get_absolute_url()).status_code == 200


def test_index_queries_do_not_grow(client, municipality, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        for _ in range(n):
            group, chair, member = group_with_chair()
            protocol = ProtocolFactory(
                subject=SubjectFactory(group=group), status=Protocol.Status.PUBLISHED
            )
            RecommendationFactory(protocol=protocol)

    make(1)
    client.get(reverse("monitoring:index"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("monitoring:index"))
    assert len(small.captured_queries) <= 8
    make(4)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("monitoring:index"))


def test_member_files_protocol_through_the_form(client, municipality):
    group, chair, member = group_with_chair()
    subject = SubjectFactory(group=group)
    question = group.questions.create(subject_kind=subject.kind, text="Сапаттуубу?")
    _login(client, member)
    response = client.post(reverse("monitoring:protocol-start", args=[subject.pk]))
    protocol = Protocol.objects.get()
    assert response.url == reverse("monitoring:protocol-edit", args=[protocol.pk])
    page = client.get(response.url).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page and "multiple" in page
    data = {
        "visit_date": timezone.localdate().isoformat(),
        "address": "Мектептин жанында",
        "members_present": [member.pk, chair.pk],
        "findings": "Баары жакшы",
        f"q{question.pk}": "yes",
        f"note{question.pk}": "",
        "photos": [upload(jpeg_bytes())],
        "rec-TOTAL_FORMS": "1",
        "rec-INITIAL_FORMS": "0",
        "rec-MIN_NUM_FORMS": "0",
        "rec-MAX_NUM_FORMS": "30",
        "rec-0-text": "Жарык орнотуу",
        "rec-0-addressee": "",
        "rec-0-due_date": "",
        "submit": "1",
    }
    response = client.post(reverse("monitoring:protocol-edit", args=[protocol.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.SUBMITTED
    assert protocol.photos.count() == 1
    assert protocol.answers.get().answer == "yes"
    assert protocol.recommendations.get().text == "Жарык орнотуу"


def test_bad_input_is_kept_and_valid_parts_saved(client, municipality):
    group, _, member = group_with_chair()
    protocol = ProtocolFactory(subject=SubjectFactory(group=group), findings="")
    _login(client, member)
    late = (group.period_end + datetime.timedelta(days=3)).isoformat()
    data = {
        "visit_date": late,
        "findings": "Жазылган текст жоголбойт",
        "photos": [upload(b"not an image at all" * 100, "fake.jpg")],
        "rec-TOTAL_FORMS": "1",
        "rec-INITIAL_FORMS": "0",
        "rec-MIN_NUM_FORMS": "0",
        "rec-MAX_NUM_FORMS": "30",
        "rec-0-text": "",
        "rec-0-addressee": "",
        "rec-0-due_date": "",
        "save": "1",
    }
    response = client.post(reverse("monitoring:protocol-edit", args=[protocol.pk]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Жазылган текст жоголбойт" in content
    assert "fake.jpg" in content  # the photo's own error
    assert late in content  # the refused date is shown back with its error
    protocol.refresh_from_db()
    assert protocol.findings == "Жазылган текст жоголбойт"
    assert protocol.visit_date != datetime.date.fromisoformat(late)
    assert protocol.photos.count() == 0


def test_member_of_other_group_gets_403(client, municipality):
    group, _, _ = group_with_chair()
    _, _, outsider = group_with_chair()
    protocol = ProtocolFactory(subject=SubjectFactory(group=group))
    _login(client, outsider)
    assert client.get(reverse("monitoring:protocol-edit", args=[protocol.pk])).status_code == 403
    assert (
        client.post(reverse("monitoring:protocol-start", args=[protocol.subject.pk])).status_code
        == 403
    )
    assert client.get(reverse("monitoring:member-group", args=[group.pk])).status_code == 404


def test_chair_signs_through_the_page(client, municipality, django_capture_on_commit_callbacks):
    group, chair, member = group_with_chair()
    protocol = ProtocolFactory(
        subject=SubjectFactory(group=group), status=Protocol.Status.SUBMITTED
    )
    protocol.members_present.add(member, chair)
    _login(client, chair)
    page = client.get(reverse("monitoring:protocol-sign", args=[protocol.pk]))
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:protocol-sign", args=[protocol.pk]),
            {"confirmed": [member.pk], "sign": "1"},
        )
    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.PUBLISHED
    assert protocol.document.file


def test_staff_answer_page(client, municipality, staff_user):
    recommendation = RecommendationFactory()
    client.force_login(staff_user)
    office = client.get(reverse("monitoring:office"))
    assert recommendation.text in office.content.decode()
    url = reverse("monitoring:recommendation-answer", args=[recommendation.pk])
    response = client.post(url, {"response": "", "action_taken": ""})
    assert response.status_code == 200  # error shown next to the field
    response = client.post(url, {"response": "Даярдалды", "action_taken": "Жарык орнотулду"})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.ANSWERED


def test_office_is_closed_to_residents(client, municipality, resident):
    client.force_login(resident)
    assert client.get(reverse("monitoring:office")).status_code == 403


def test_chair_reviews_answer(client, municipality):
    recommendation = RecommendationFactory(status=Recommendation.Status.ANSWERED, response="Бүттү")
    chair = GroupMemberFactory(group=recommendation.protocol.group, is_chair=True)
    _login(client, chair)
    assert (
        "Бүттү"
        in client.get(reverse("monitoring:member-group", args=[chair.group_id])).content.decode()
    )
    client.post(
        reverse("monitoring:recommendation-review", args=[recommendation.pk]),
        {"note": "Текшердик", "resolve": "1"},
    )
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.RESOLVED


def test_kenesh_secretary_creates_group_and_members(client, municipality, kenesh_user):
    from tests.municipality.factories import UserFactory

    client.force_login(kenesh_user)
    today = timezone.localdate()
    response = client.post(
        reverse("monitoring:group-create"),
        {
            "name": "Көктөбө БМжБТ",
            "name_ru": "",
            "resolution_number": "12/4",
            "resolution_date": today.isoformat(),
            "period_start": today.isoformat(),
            "period_end": (today + datetime.timedelta(days=100)).isoformat(),
            "mandate": "",
            "mandate_ru": "",
        },
    )
    group = MonitoringGroup.objects.get()
    assert response.url == reverse("monitoring:group-manage", args=[group.pk])
    person = UserFactory()
    client.post(
        response.url,
        {
            "member-user": person.username,
            "member-name": "",
            "member-category": "deputy",
            "member-sex": "m",
            "member-is_chair": "on",
            "add_member": "1",
        },
    )
    member = GroupMember.objects.get()
    assert member.user == person and member.is_chair
    bad = client.post(
        response.url,
        {
            "member-user": "nobody-here",
            "member-name": "",
            "member-category": "deputy",
            "member-sex": "m",
            "add_member": "1",
        },
    )
    assert bad.status_code == 200 and "nobody-here" in bad.content.decode()
    client.post(
        response.url,
        {
            "subject-kind": "plan",
            "subject-title": "Пландын аткарылышы",
            "subject-title_ru": "",
            "subject-planned_visits": "",
            "add_subject": "1",
        },
    )
    assert group.subjects.get().title == "Пландын аткарылышы"


def test_group_create_closed_to_members(client, municipality):
    _, _, member = group_with_chair()
    _login(client, member)
    assert client.get(reverse("monitoring:group-create")).status_code == 403


def test_subject_linked_to_a_plan_activity_shows_its_protocols(client, municipality, kenesh_user):
    """The secretary links a subject to an object of another app; the protocols about that
    object are found from it."""
    from monitoring.selectors import protocols_for_objects

    factories = pytest.importorskip("tests.engagement_plan.factories")
    activity = factories.ActivityFactory()
    group, _, _ = group_with_chair()
    client.force_login(kenesh_user)
    response = client.post(
        reverse("monitoring:group-manage", args=[group.pk]),
        {
            "subject-kind": "other",
            "subject-title": "Айылдык жыйын",
            "subject-target": f"plan_activity:{activity.pk}",
            "subject-planned_visits": "",
            "add_subject": "1",
        },
    )
    assert response.status_code == 302
    subject = group.subjects.get()
    assert subject.target == activity and subject.kind == "plan_activity"
    ProtocolFactory(subject=subject, status=Protocol.Status.PUBLISHED)
    found = protocols_for_objects([activity])[activity.pk]
    assert [p.subject.title for p in found] == ["Айылдык жыйын"]
    assert client.get(reverse("monitoring:group-detail", args=[group.pk])).status_code == 200


def test_redisplayed_form_does_not_duplicate_new_recommendations(client, municipality):
    from monitoring.models import Recommendation as Rec

    group, _, member = group_with_chair()
    protocol = ProtocolFactory(subject=SubjectFactory(group=group))
    _login(client, member)
    url = reverse("monitoring:protocol-edit", args=[protocol.pk])
    data = {
        "visit_date": "1999-01-01",
        "findings": "Текст",
        "rec-TOTAL_FORMS": "1",
        "rec-INITIAL_FORMS": "0",
        "rec-MIN_NUM_FORMS": "0",
        "rec-MAX_NUM_FORMS": "30",
        "rec-0-id": "",
        "rec-0-text": "Жолду оңдоо",
        "rec-0-addressee": "",
        "rec-0-due_date": "",
        "save": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the date is refused, the rest is kept
    recommendation = Rec.objects.get()
    assert f'name="rec-0-id" value="{recommendation.pk}"' in response.content.decode()
    data.update(
        {"visit_date": timezone.localdate().isoformat(), "rec-0-id": str(recommendation.pk)}
    )
    assert client.post(url, data).status_code == 302
    assert Rec.objects.count() == 1


def test_group_page_shows_composition(client, municipality):
    group, _, _ = group_with_chair()
    GroupMemberFactory(
        group=group, user=None, name="Депутат", sex="m", category=GroupMember.Category.DEPUTY
    )
    content = client.get(reverse("monitoring:group-detail", args=[group.pk])).content.decode()
    assert "3" in content and "Депутат" in content


def test_chair_issues_report_through_the_page(
    client, municipality, django_capture_on_commit_callbacks
):
    group, chair, member = group_with_chair()
    _login(client, chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:report-issue", args=[group.pk]),
            {
                "period_start": group.period_start.isoformat(),
                "period_end": group.period_end.isoformat(),
                "summary": "Жыйынтык",
            },
        )
    assert response.status_code == 302
    assert group.reports.get().document.file
    client.force_login(member.user)
    assert client.post(reverse("monitoring:report-issue", args=[group.pk]), {}).status_code == 403


def test_chair_adds_a_checklist_question_through_the_page(client, municipality):
    group, chair, member = group_with_chair()
    _login(client, chair)
    url = reverse("monitoring:questions", args=[group.pk])
    assert client.get(url).status_code == 200
    client.post(
        url, {"subject_kind": "plan", "text": "План илинди бы?", "text_ru": "", "is_active": "on"}
    )
    assert group.questions.filter(text="План илинди бы?").exists()
    client.force_login(member.user)
    assert client.get(url).status_code == 403


def test_secretary_corrects_group_but_not_around_filed_protocols(
    client, municipality, kenesh_user
):
    group, _, _ = group_with_chair()
    ProtocolFactory(subject=SubjectFactory(group=group), visit_date=group.period_start)
    client.force_login(kenesh_user)
    url = reverse("monitoring:group-edit", args=[group.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": "Жаңы аталыш",
        "name_ru": "",
        "resolution_number": "9/9",
        "resolution_date": group.resolution_date.isoformat(),
        "period_start": group.period_start.isoformat(),
        "period_end": group.period_end.isoformat(),
        "mandate": "",
        "mandate_ru": "",
    }
    assert client.post(url, data).status_code == 302
    group.refresh_from_db()
    assert group.name == "Жаңы аталыш" and group.resolution_number == "9/9"
    late_start = (group.period_start + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {**data, "period_start": late_start})
    assert response.status_code == 200 and "Жаңы аталыш" in response.content.decode()
    group.refresh_from_db()
    assert group.period_start.isoformat() != late_start


@pytest.mark.parametrize("page", ["office", "group", "member", "protocol"])
def test_pages_run_constant_queries(
    client, municipality, staff_user, page, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    group, chair, member = group_with_chair()
    subject = SubjectFactory(group=group)
    first = ProtocolFactory(subject=subject, status=Protocol.Status.PUBLISHED)

    def make(n):
        for _ in range(n):
            protocol = ProtocolFactory(
                subject=SubjectFactory(group=group), status=Protocol.Status.PUBLISHED
            )
            protocol.members_present.add(member, chair)
            RecommendationFactory(protocol=protocol)
            RecommendationFactory(protocol=first, status=Recommendation.Status.ANSWERED)
            GroupMemberFactory(group=group, user=None)

    url = {
        "office": reverse("monitoring:office") + "?status=all",
        "group": reverse("monitoring:group-detail", args=[group.pk]),
        "member": reverse("monitoring:member-group", args=[group.pk]),
        "protocol": first.get_absolute_url(),
    }[page]
    client.force_login(chair.user if page == "member" else staff_user)
    make(1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make(4)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_members_present_are_frozen_when_the_protocol_is_signed(
    client, municipality, kenesh_user, django_capture_on_commit_callbacks
):
    """A member removed from the group after signing still reads on the re-rendered protocol."""
    from municipality.pdf import render_pdf
    from municipality.services.documents import document_pdf_context
    from tests.municipality.documents_helpers import pdf_text

    group, chair, member = group_with_chair()
    leaving = GroupMemberFactory(
        group=group, name="Асанова Гүлнара", category=GroupMember.Category.DEPUTY
    )
    absent = GroupMemberFactory(group=group, name="Токтогулов Марат")
    protocol = ProtocolFactory(
        subject=SubjectFactory(group=group), status=Protocol.Status.SUBMITTED
    )
    protocol.members_present.add(member, chair, leaving)
    _login(client, chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("monitoring:protocol-sign", args=[protocol.pk]),
            {"confirmed": [member.pk, leaving.pk], "sign": "1"},
        )
    protocol.refresh_from_db()
    assert protocol.members_snapshot["present"][0]["name"] == chair.name  # the chair first

    client.force_login(kenesh_user)
    for gone in (leaving, absent):
        response = client.post(
            reverse("monitoring:group-manage", args=[group.pk]), {"remove_member": gone.pk}
        )
        assert response.status_code == 302
    assert not GroupMember.objects.filter(pk__in=[leaving.pk, absent.pk]).exists()

    page = client.get(reverse("monitoring:protocol-detail", args=[protocol.pk])).content.decode()
    assert "Асанова Гүлнара ✓" in page
    protocol.refresh_from_db()
    context = document_pdf_context(document=protocol.document)
    text = " ".join(
        pdf_text(render_pdf(template_name="monitoring/pdf/protocol.html", context=context)).split()
    )
    assert "Асанова Гүлнара" in text and "Токтогулов Марат" in text
    assert "Жергиликтүү кеңештин депутаты Асанова Гүлнара" in text or (
        "Жергиликтүү кеңештин депутаты" in text.split("Асанова Гүлнара")[-2]
    )


def test_chair_previews_the_draft_protocol_before_signing(client, municipality):
    """Issue 14: every document can be previewed before it is issued — the group's chair
    (not office staff) reads the draft protocol on the sign-off page; a member may not."""
    from django.contrib.contenttypes.models import ContentType

    from municipality.models import OfficialDocument
    from tests.municipality.test_house_form import pdf_text

    group, chair, member = group_with_chair()
    protocol = ProtocolFactory(
        subject=SubjectFactory(group=group), status=Protocol.Status.SUBMITTED
    )
    protocol.members_present.add(member, chair)
    url = reverse(
        "municipality:document-preview",
        args=[ContentType.objects.get_for_model(Protocol).pk, protocol.pk],
    )
    query = {"template": "monitoring/pdf/protocol.html"}
    _login(client, chair)
    page = client.get(reverse("monitoring:protocol-sign", args=[protocol.pk])).content.decode()
    assert f"{url}?template=monitoring%2Fpdf%2Fprotocol.html" in page
    response = client.get(url, query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "ДОЛБООР" in pdf_text(response.content, raw=True)
    assert not OfficialDocument.objects.exists()  # a preview writes nothing
    _login(client, member)
    assert client.get(url, query).status_code == 403
    assert client.get(url, {"template": "nope.html"}).status_code == 403
