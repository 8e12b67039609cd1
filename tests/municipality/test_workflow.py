"""The kernel workflow move: lock, table, permission, save, audit — on the kernel's own models."""

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from municipality.models import AuditEntry, Notice
from municipality.services import workflow_check, workflow_move
from tests.municipality.factories import NoticeFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = Notice.Status.DRAFT, Notice.Status.PUBLISHED


def test_move_saves_the_status_and_the_extra_fields_and_writes_one_audit_row(staff_user):
    notice = NoticeFactory(status=DRAFT)
    before = notice.updated_at
    when = timezone.now() + timezone.timedelta(days=2)
    notice.publish_at = when
    notice.title_ky = "Сакталбайт"  # not in extra_fields: the move does not save it

    moved = workflow_move(
        obj=notice,
        to=PUBLISHED,
        actor=staff_user,
        reason="Убакыт келди",
        extra_fields=["publish_at"],
    )

    assert moved is notice and notice.status == PUBLISHED
    notice.refresh_from_db()
    assert (notice.status, notice.publish_at) == (PUBLISHED, when)
    assert notice.title_ky != "Сакталбайт"
    assert notice.updated_at > before
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.old_status, entry.new_status) == (
        AuditEntry.Action.TRANSITION,
        DRAFT,
        PUBLISHED,
    )
    assert (entry.actor, entry.reason, entry.object_id) == (
        staff_user,
        "Убакыт келди",
        str(notice.pk),
    )


def test_move_records_the_action_the_caller_names(staff_user):
    notice = NoticeFactory(status=DRAFT)
    workflow_move(obj=notice, to=PUBLISHED, actor=staff_user, action=AuditEntry.Action.PUBLISH)
    assert AuditEntry.objects.get().action == AuditEntry.Action.PUBLISH


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_move_the_table_forbids_names_both_statuses_and_writes_nothing(staff_user, language):
    notice = NoticeFactory(status=PUBLISHED)
    with translation.override(language), pytest.raises(ValidationError) as error:
        workflow_move(obj=notice, to=DRAFT, actor=staff_user)
    with translation.override(language):
        message = error.value.messages[0]
        assert str(PUBLISHED.label) in message and str(DRAFT.label) in message
    assert error.value.error_list[0].code == "invalid_transition"
    notice.refresh_from_db()
    assert notice.status == PUBLISHED and not AuditEntry.objects.exists()


def test_the_permission_gets_the_actor_and_the_object_and_refusal_writes_nothing(staff_user):
    notice = NoticeFactory(status=DRAFT)
    seen = []

    def refuse(actor, obj):
        seen.append((actor, obj))
        return False

    with pytest.raises(PermissionDenied):
        workflow_move(obj=notice, to=PUBLISHED, actor=staff_user, permission=refuse)
    assert seen == [(staff_user, notice)]
    notice.refresh_from_db()
    assert notice.status == DRAFT and not AuditEntry.objects.exists()


def test_the_table_is_checked_before_the_permission(staff_user):
    notice = NoticeFactory(status=PUBLISHED)
    with pytest.raises(ValidationError):
        workflow_move(obj=notice, to=DRAFT, actor=staff_user, permission=lambda a, o: False)


def test_the_status_is_read_again_from_the_row_not_from_a_stale_instance(staff_user):
    """Two clerks open the same draft; the second click must see the first one's move."""
    first = NoticeFactory(status=DRAFT)
    second = Notice.objects.get(pk=first.pk)
    workflow_move(obj=first, to=PUBLISHED, actor=staff_user)
    with pytest.raises(ValidationError):
        workflow_move(obj=second, to=PUBLISHED, actor=staff_user)
    assert AuditEntry.objects.count() == 1


def test_check_raises_like_the_move_without_moving(staff_user):
    notice = NoticeFactory(status=DRAFT)
    workflow_check(obj=notice, to=PUBLISHED, actor=staff_user, permission=lambda a, o: True)
    with pytest.raises(PermissionDenied):
        workflow_check(obj=notice, to=PUBLISHED, actor=staff_user, permission=lambda a, o: False)
    with pytest.raises(ValidationError):
        workflow_check(obj=notice, to=DRAFT, actor=staff_user)
    notice.refresh_from_db()
    assert notice.status == DRAFT and not AuditEntry.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_the_row_is_locked_for_update(staff_user):
    notice = NoticeFactory(status=DRAFT)
    with CaptureQueriesContext(connection) as queries:
        workflow_move(obj=notice, to=PUBLISHED, actor=staff_user)
    assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_move_waits_for_the_first_and_then_sees_its_result(staff_user):
    notice = NoticeFactory(status=DRAFT)
    moved, outcome = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                workflow_move(obj=Notice.objects.get(pk=notice.pk), to=PUBLISHED, actor=None)
                moved.set()
                time.sleep(0.5)  # hold the lock while the second move arrives
        finally:
            connection.close()

    def second():
        moved.wait(10)
        started = time.monotonic()
        try:
            workflow_move(obj=Notice.objects.get(pk=notice.pk), to=PUBLISHED, actor=None)
            outcome["result"] = "moved"
        except ValidationError:
            outcome["result"] = "refused"
        finally:
            outcome["waited"] = time.monotonic() - started
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome["result"] == "refused"
    assert outcome["waited"] >= 0.3
    assert AuditEntry.objects.filter(new_status=PUBLISHED).count() == 1


def test_the_admin_cannot_change_a_notice_status(rf):
    """Administrators edit notices in the admin, but publishing is the workflow's move."""
    from django.contrib import admin

    from tests.municipality.factories import UserFactory

    notice = NoticeFactory(status=DRAFT)
    request = rf.get("/")
    request.user = UserFactory(roles=["administrator"])
    form = admin.site._registry[Notice].get_form(request, notice)
    assert "status" not in form.base_fields
