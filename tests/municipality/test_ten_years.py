"""Ten years of data cost what one year costs (issue 19): the big tables are read through
indexes in the order the pages need (no sort of every row), and the pages' query counts do
not grow with the data. bench/scale.py measures the times at 100x data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from municipality.models import Notice, OutboxMessage, Person
from municipality.selectors.notices import notice_board, notice_latest
from municipality.services.sending import sms_held_count, sms_sent_today
from tests.municipality.factories import NoticeFactory

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:
    return queryset.explain()


def test_the_board_is_read_in_order_from_its_index():
    NoticeFactory.create_batch(5)
    NoticeFactory(category=Notice.Category.EMERGENCY)
    plan = _plan(notice_board()[:20])
    if connection.vendor == "sqlite":
        assert "notice_board_order" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # no sort of every visible notice
    board = list(notice_board())
    assert board[0].category == Notice.Category.EMERGENCY and board[0].pinned == 1
    assert {n.pinned for n in board[1:]} == {0}
    assert [n.pk for n in notice_latest(limit=3)] == [n.pk for n in board[:3]]


def test_a_category_change_moves_the_notice_on_and_off_the_top(staff_user):
    notice = NoticeFactory()
    notice.category = Notice.Category.EMERGENCY
    notice.save()
    notice.refresh_from_db()
    assert notice.pinned == 1
    Notice.objects.filter(pk=notice.pk).update(category=Notice.Category.GENERAL)
    notice.refresh_from_db()
    assert notice.pinned == 0  # computed by the database, whatever writes the category


def test_the_office_outbox_is_read_newest_first_from_its_index():
    plan = _plan(OutboxMessage.objects.order_by("-created_at", "-pk")[:50])
    if connection.vendor == "sqlite":
        assert "outbox_newest" in plan and "TEMP B-TREE" not in plan, plan


def _outbox(count: int, prefix: str) -> None:
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            channel="sms",
            recipient="+996700000000",
            body="x",
            status=OutboxMessage.Status.SENT,
            sent_at=now - timezone.timedelta(days=1 + n),
            idempotency_key=f"{prefix}{n}",
        )
        for n in range(count)
    )


def test_the_sms_budget_counts_use_the_status_index():
    _outbox(30, "old")
    if connection.vendor == "sqlite":
        for sql in _sql(sms_sent_today, sms_held_count):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = " ".join(row[-1] for row in cursor.fetchall())
            assert "outbox_status_channel" in plan, plan
    assert sms_sent_today() == 0 and sms_held_count() == 0


def _sql(*functions) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        for function in functions:
            function()
    return [q["sql"] for q in captured.captured_queries]


def _grow(size: int) -> None:
    NoticeFactory.create_batch(size)
    _outbox(size * 10, f"grow{size}-")
    Person.objects.bulk_create(
        Person(
            full_name=f"Асанов Бакыт {size}-{n}",
            name_key=f"асанов бакыт {size}-{n}",
            consent=Person.Consent.WRITTEN,
            consent_at=timezone.now(),
        )
        for n in range(size * 5)
    )


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("visitor", "/ky/"),
        ("visitor", "/ky/notices/"),
        ("staff", "/ky/office/"),
        ("staff", "/ky/office/notices/"),
        ("staff", "/ky/office/people/"),
        ("staff", "/ky/office/outbox/"),
    ],
)
@pytest.mark.renders
def test_query_counts_are_the_same_at_1x_and_at_many_times_the_data(
    client, municipality, staff_user, who, path
):
    if who == "staff":
        client.force_login(staff_user)

    def count() -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    _grow(3)
    small = count()
    _grow(60)
    assert count() == small


def test_the_office_outbox_counts_recent_sent_rows_from_the_status_index(client, staff_user):
    """Ten years of sent rows are not counted on every visit: the "Sent" tab counts the last
    SENT_COUNTED_DAYS days (the index (status, channel, sent_at)); other statuses whole."""
    from municipality.views.outbox import SENT_COUNTED_DAYS

    _outbox(SENT_COUNTED_DAYS + 10, "sent")  # one a day, from yesterday back
    OutboxMessage.objects.bulk_create(
        OutboxMessage(channel="email", recipient="a@example.kg", body="x", idempotency_key=key)
        for key in ("p1", "p2")
    )
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/ky/office/outbox/").content.decode()
    assert f"Акыркы {SENT_COUNTED_DAYS} күндө жөнөтүлгөн: {SENT_COUNTED_DAYS - 1}" in page
    assert "Күтүүдө: 2" in page
    if connection.vendor == "sqlite":
        counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
        assert counts
        for sql in counts:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = " ".join(row[-1] for row in cursor.fetchall())
            assert "USING" in plan, plan  # an index, not a scan of every row


def test_the_contests_and_my_applications_are_read_in_order_from_their_indexes(resident):
    from initiatives.selectors import application_list_for_user, contest_list_public

    contests = _plan(contest_list_public()[:20])
    mine = _plan(application_list_for_user(resident)[:20])
    if connection.vendor == "sqlite":
        assert "contest_newest" in contests and "TEMP B-TREE" not in contests, contests
        assert "application_mine" in mine and "TEMP B-TREE" not in mine, mine
    # the count of the contests' page leaves the applications out (no join, no GROUP BY)
    with CaptureQueriesContext(connection) as captured:
        contest_list_public().count()
    assert "initiatives_application" not in captured[0]["sql"]


def test_the_account_page_reads_the_register_records_from_indexes(resident):
    """The account's own record and the records it may claim: each half of the query from
    its index (an OR of the two scanned the whole register: bench/scale.py, 2.55x)."""
    from municipality.services.people import person_account_records

    resident.phone, resident.phone_confirmed_at = "+996700123456", timezone.now()
    resident.save()
    Person.objects.create(
        full_name="Асанов Бакыт",
        name_key="асанов бакыт",
        phone="+996700123456",
        consent=Person.Consent.WRITTEN,
        consent_at=timezone.now(),
    )
    _grow(60)  # 300 people without an account, then the planner's statistics
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as captured:
        own, claimable = person_account_records(user=resident)
    assert own is None and [p.full_name for p in claimable] == ["Асанов Бакыт"]
    assert len(captured) == 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + captured[0]["sql"])
            details = [row[-1] for row in cursor.fetchall()]
        scans = [d for d in details if d.startswith("SCAN municipality_person")]
        assert not [d for d in scans if "INDEX" not in d], details
