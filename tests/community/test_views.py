import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Assessment, Gathering, InitiativeGroup, PriorityLink
from tests.budget.factories import BudgetLineFactory
from tests.community.factories import person, priority
from tests.engagement_plan.factories import ActivityFactory
from tests.monitoring.factories import ProtocolFactory, RecommendationFactory, SubjectFactory
from tests.municipality.factories import VillageFactory

pytestmark = pytest.mark.django_db


def test_staff_records_an_assessment_through_the_form(client, staff_user, municipality):
    village = VillageFactory(name="Ак-Суу")
    client.force_login(staff_user)
    data = {
        "village": village.pk,
        "held_on": "2026-03-05",
        "method": "vote",
        "attendance_total": 30,
        "attendance_women": 16,
        "deputies_present": "Осмонов Т.",
        "problems-TOTAL_FORMS": 5,
        "problems-INITIAL_FORMS": 0,
        "problems-0-title": "Суу жок",
        "problems-0-votes": 20,
        "problems-1-title": "Жол начар",
        "problems-1-votes": 20,
    }
    response = client.post(reverse("community:assessment-create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = Assessment.objects.get()
    assert sorted(assessment.problems.values_list("rank", flat=True)) == [1, 1]
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Суу жок" in page and "Осмонов Т." in page


def test_bad_attendance_shown_again_with_the_typed_problems(client, staff_user, municipality):
    village = VillageFactory()
    client.force_login(staff_user)
    response = client.post(
        reverse("community:assessment-create"),
        {
            "village": village.pk,
            "held_on": "2026-03-05",
            "method": "consensus",
            "attendance_total": 10,
            "attendance_men": 12,
            "problems-TOTAL_FORMS": 5,
            "problems-INITIAL_FORMS": 0,
            "problems-0-title": "Суу жок",
            "problems-0-rank": 1,
        },
    )
    assert response.status_code == 200
    assert "Суу жок" in response.content.decode()
    assert not Assessment.objects.exists()


def test_gathering_announce_and_hold_through_views(client, staff_user, municipality):
    client.force_login(staff_user)
    response = client.post(
        reverse("community:gathering-create"),
        {
            "kind": "gathering",
            "title": "Айылдык жыйын",
            "agenda": "Отчет",
            "starts_at": "2026-05-01T10:00",
            "place": "Мектеп",
        },
    )
    gathering = Gathering.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("community:gathering-hold", args=[gathering.pk]),
        {
            "held_on": "2026-05-01",
            "chair_name": "Мамытов Б.",
            "minutes": "Талкууланды",
            "decisions": "Кабыл алынды",
            "attendance_total": 50,
        },
    )
    assert response.status_code == 302
    gathering.refresh_from_db()
    assert gathering.status == Gathering.Status.HELD and gathering.document_id
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert "Кабыл алынды" in page


def test_staff_links_a_priority_and_forms_a_group_from_the_office(client, staff_user):
    entry = priority()
    line = BudgetLineFactory()
    aigul = person()
    client.force_login(staff_user)
    url = reverse("community:priority-link", args=[entry.pk])
    assert client.post(url, {"budget_line": line.pk}).status_code == 302
    assert PriorityLink.objects.get().budget_line == line
    response = client.post(url, {})  # nothing chosen
    assert response.status_code == 200 and PriorityLink.objects.count() == 1
    response = client.post(
        reverse("community:group-create", args=[entry.pk]),
        {"name": "Таза суу", "formed_on": "2026-04-01", "people": [aigul.pk], "leader": aigul.pk},
    )
    assert response.status_code == 302
    assert InitiativeGroup.objects.get().members.get().person == aigul
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Таза суу" in page
    assert "Асанова" not in page  # residents' names stay in the office


def test_thread_page_shows_each_step_date_and_where_it_is_stuck(client, staff_user):
    entry = priority(held_on=datetime.date(2026, 3, 1))
    activity = ActivityFactory(title="Суу түтүгүн тартуу")
    PriorityLink.objects.create(priority=entry, plan_activity=activity)
    subject = SubjectFactory(target=activity)
    protocol = ProtocolFactory(subject=subject, status="published")
    RecommendationFactory(protocol=protocol)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "01.03.2026" in page
    assert "Суу түтүгүн тартуу" in page
    assert str(protocol) in page  # found through the monitoring subject of the activity
    assert "list-group-item-warning" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _links(entry):
    PriorityLink.objects.create(priority=entry, plan_activity=ActivityFactory())
    PriorityLink.objects.create(priority=entry, budget_line=BudgetLineFactory())
    protocol = ProtocolFactory(status="published")
    RecommendationFactory(protocol=protocol)
    PriorityLink.objects.create(priority=entry, protocol=protocol)


def test_register_query_count_is_the_same_for_10_and_100_priorities(client, municipality):
    village = VillageFactory()
    for n in range(10):
        _links(priority(title=f"П{n}", village=village))
    url = reverse("community:index")
    client.get(url)
    ten = _queries(client, url)
    for n in range(90):
        _links(priority(title=f"Q{n}", village=village))
    assert _queries(client, url) == ten


def test_thread_page_query_count_does_not_grow_with_links(client, municipality):
    entry = priority()
    _links(entry)
    client.get(entry.get_absolute_url())
    few = _queries(client, entry.get_absolute_url())
    for _n in range(10):
        _links(entry)
    assert _queries(client, entry.get_absolute_url()) == few
