"""Publishing a notice and issuing a document do not fail when the broker is unreachable;
beat catches up later (fast checks that run on SQLite too)."""

import datetime

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from municipality.models import Notice, OfficialDocument
from municipality.services import document_issue, notice_publish
from municipality.services.documents import documents_requeue
from municipality.tasks import document_render_task, notice_notify_task

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def broker_down(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(notice_notify_task, "delay", refuse)
    monkeypatch.setattr(document_render_task, "delay", refuse)


def test_publishing_and_issuing_succeed_while_the_broker_is_down(
    broker_down, municipality, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_publish(
            actor=staff_user, category=Notice.Category.GENERAL, title="Жарыя", body="Жыйын өтөт."
        )
        document = document_issue(
            kind=OfficialDocument.Kind.ORDER,
            subject=None,
            title="Буйрук",
            template_name="pdf/generic.html",
            actor=staff_user,
        )
    assert notice.status == Notice.Status.PUBLISHED
    document.refresh_from_db()
    assert document.number == 1 and document.status == OfficialDocument.Status.PENDING


def test_documents_requeue_renders_documents_left_pending(
    municipality, staff_user, settings, django_capture_on_commit_callbacks
):
    document = document_issue(
        kind=OfficialDocument.Kind.ORDER,
        subject=None,
        title="Буйрук",
        template_name="pdf/generic.html",
        actor=staff_user,
    )
    # No on-commit: the rendering task was lost. Too recent to be picked up yet:
    assert documents_requeue() == 0
    later = timezone.now() + datetime.timedelta(minutes=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert documents_requeue(now=later) == 1
    document.refresh_from_db()
    assert document.status == OfficialDocument.Status.ISSUED and document.sha256
