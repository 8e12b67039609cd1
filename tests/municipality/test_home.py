"""The home page: name, latest notices (emergency first), the list of local issues, sections."""

from datetime import timedelta

import pytest
from django.utils import timezone

from municipality.models import LocalIssueList, Notice
from tests.municipality.factories import LocalIssueFactory, NoticeFactory

pytestmark = pytest.mark.django_db


def test_home_shows_name_notices_issues_and_sections(client, municipality):
    NoticeFactory(title="Жаңы жарыя", publish_at=timezone.now())
    NoticeFactory(
        title="Сел коркунучу",
        category=Notice.Category.EMERGENCY,
        publish_at=timezone.now() - timedelta(days=5),
    )
    NoticeFactory(title="Долбоор", status=Notice.Status.DRAFT)
    LocalIssueFactory(title="Ичүүчү суу")
    LocalIssueList.objects.create()
    response = client.get("/ky/")
    content = response.content.decode()
    assert municipality.name in content
    assert content.index("Сел коркунучу") < content.index("Жаңы жарыя")
    assert "Долбоор" not in content
    assert "Ичүүчү суу" in content
    assert timezone.localdate().strftime("%d.%m.%Y") in content
    for url in [
        "/ky/notices/",
        "/ky/local-issues/",
        "/ky/plan/",
        "/ky/initiatives/",
        "/ky/budget/",
        "/ky/monitoring/",
    ]:
        assert f'href="{url}"' in content


def test_home_in_russian(client, municipality):
    NoticeFactory(title="Жыйын", title_ru="Сход")
    content = client.get("/ru/").content.decode()
    assert "Сход" in content
    assert municipality.name_ru in content


# savepoint and release (ATOMIC_REQUESTS), municipality, latest notices,
# the list's publication date, the list with its legal items
HOME_QUERIES = 6


@pytest.mark.parametrize("size", [10, 200])
def test_home_query_count_is_constant(client, municipality, size, django_assert_num_queries):
    NoticeFactory.create_batch(size)
    NoticeFactory.create_batch(2, category=Notice.Category.EMERGENCY)
    LocalIssueFactory.create_batch(size // 10)
    LocalIssueList.objects.create()
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/ky/")
    assert len(response.context["notices"]) == 6
