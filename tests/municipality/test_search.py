"""Search across the portal: one box finds every kind of public item in ky and ru."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budget.models import Hearing
from engagement_plan.models import Plan
from initiatives.models import Application, Contest
from monitoring.models import Protocol
from municipality.models import Notice, OfficialDocument
from municipality.selectors.search import PROVIDERS, portal_search, search_words
from tests.budget.factories import HearingFactory
from tests.engagement_plan.factories import PlanFactory
from tests.initiatives.factories import ApplicationFactory, ContestFactory
from tests.monitoring.factories import ProtocolFactory
from tests.municipality.factories import NoticeFactory

pytestmark = pytest.mark.django_db

KY = "Көпүрөчүлүк"  # a made-up word so that only our items match
RU = "Мостостроение"


def _document(title, *, n, public=True, status=OfficialDocument.Status.ISSUED):
    today = timezone.localdate()
    return OfficialDocument.objects.create(
        kind=OfficialDocument.Kind.ORDER,
        year=today.year,
        number=n,
        date=today,
        title=title,
        status=status,
        is_public=public,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="order.pdf"),
    )


def make_items(n=1, *, start=0):
    """`n` public items of each kind mentioning KY and RU, and one hidden twin of each."""
    for i in range(start, start + n):
        NoticeFactory(title=f"{KY} жарыя {i}", body_ru=f"{RU} объявление {i}")
        _document(f"{KY} буйрук {i} {RU}", n=1000 + i)
        contest = ContestFactory(
            status=Contest.Status.ACCEPTING,
            title=f"{KY} сынагы {i}",
            description_ru=f"{RU} конкурс {i}",
        )
        ApplicationFactory(
            contest=contest,
            status=Application.Status.SUBMITTED,
            title=f"{KY} долбоор {i}",
            problem=f"{RU} нужен {i}",
        )
        PlanFactory(status=Plan.Status.DISCUSSION, title=f"{KY} план {i}", summary_ru=RU)
        HearingFactory(status=Hearing.Status.ANNOUNCED, agenda=f"{KY} {i}", agenda_ru=RU)
        ProtocolFactory(status=Protocol.Status.PUBLISHED, findings=f"{KY} {RU} {i}")


def make_hidden():
    NoticeFactory(title=f"{KY} долбоор жарыя", status=Notice.Status.DRAFT)
    _document(f"{KY} ички", n=9999, public=False)
    ContestFactory(status=Contest.Status.DRAFT, title=f"{KY} долбоор сынак")
    ApplicationFactory(status=Application.Status.DRAFT, title=f"{KY} жашыруун")
    PlanFactory(status=Plan.Status.DRAFT, title=f"{KY} долбоор план")
    HearingFactory(status=Hearing.Status.DRAFT, agenda=KY)
    ProtocolFactory(status=Protocol.Status.DRAFT, findings=KY)


def kinds(groups):
    return {g["kind"]: len(g["hits"]) for g in groups}


def test_every_provider_is_registered_by_its_app():
    assert set(PROVIDERS) >= {
        "municipality.notices",
        "municipality.documents",
        "initiatives.contests",
        "initiatives.applications",
        "engagement_plan.plans",
        "budget.hearings",
        "monitoring.protocols",
    }


@pytest.mark.parametrize("word", [KY, KY.lower(), KY[:6], RU, RU.upper(), RU[:5]])
def test_finds_one_public_item_of_each_kind_in_both_languages(word):
    make_items(1)
    make_hidden()
    found = kinds(portal_search(word))
    assert len(found) == 7, found
    assert all(count == 1 for count in found.values()), found  # never a hidden twin


def test_words_must_all_match_and_odd_input_is_harmless():
    make_items(1)
    assert portal_search(f"{KY} жоккелбеген") == []
    assert portal_search("") == []
    assert portal_search("%_\x00'\"") == []
    assert search_words("a:* & !b | (c)") == ["a", "b", "c"]


def test_query_count_is_constant_as_data_grows():
    make_items(2)
    with CaptureQueriesContext(connection) as small:
        portal_search(KY)
    make_items(18, start=2)
    with CaptureQueriesContext(connection) as large:
        groups = portal_search(KY)
    assert len(large) == len(small) <= len(PROVIDERS) + 2
    assert all(len(g["hits"]) == 10 for g in groups)  # bounded per kind


@pytest.mark.renders
def test_search_page_in_kyrgyz_and_russian(client):
    make_items(1)
    make_hidden()
    page = client.get(reverse("municipality:search"), {"q": RU}).content.decode()
    assert "Табылды" in page or "табылды" in page
    assert f"{KY} жарыя 0" in page and f"{KY} долбоор жарыя" not in page
    assert f"{KY} жашыруун" not in page
    with CaptureQueriesContext(connection) as q2:
        client.get(reverse("municipality:search"), {"q": KY})
    make_items(18, start=1)
    with CaptureQueriesContext(connection) as q20:
        client.get(reverse("municipality:search"), {"q": KY})
    assert len(q20) == len(q2)
    ru = client.get("/ru/search/", {"q": KY}).content.decode()
    assert "Найдено" in ru


def test_header_has_the_search_box(client):
    page = client.get(reverse("municipality:home")).content.decode()
    assert f'action="{reverse("municipality:search")}"' in page
    assert 'role="search"' in page


def test_empty_and_too_long_queries(client):
    assert client.get(reverse("municipality:search")).status_code == 200
    response = client.get(reverse("municipality:search"), {"q": "ж" * 5000})
    assert response.status_code == 200
    assert response.context["query"] == "ж" * 100


def test_application_hit_links_to_its_public_place():
    make_items(1)
    hit = next(
        g for g in portal_search(KY) if len(g["hits"]) and "#application-" in g["hits"][0]["url"]
    )
    assert hit["hits"][0]["url"].startswith("/ky/initiatives/")
    assert datetime  # imported for symmetry with other tests
