import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.models import AuditEntry, Notice, NoticeAttachment
from municipality.permissions import is_office
from municipality.queue import task_named
from municipality.uploads import validate_upload

from .audit import audit_record, model_changes
from .workflow import workflow_move

logger = logging.getLogger(__name__)


def _real_changes(changes: dict) -> dict:
    """Drop the pairs that only swap an empty value for another (None for "")."""
    return {
        field: pair
        for field, pair in changes.items()
        if not (pair[0] in (None, "") and pair[1] in (None, ""))
    }


#: The fields staff edit on the office pages; each edit is audited field by field.
NOTICE_FIELDS = (
    "title_ky",
    "title_ru",
    "body_ky",
    "body_ru",
    "place_ky",
    "place_ru",
    "category",
    "publish_at",
    "expire_at",
    "event_at",
)


@transaction.atomic
def notice_publish(
    *,
    actor,
    category: str,
    title: str = "",
    body: str = "",
    subject=None,
    publish_at=None,
    expire_at=None,
    event_at=None,
    place: str = "",
    notice: Notice | None = None,
    **translations,
) -> Notice:
    """Publish a notice on the board and notify the category's subscribers after commit.

    Other apps call it to announce their objects: pass `subject` (the contest, hearing,
    plan, protocol…) and the texts; `title`, `body` and `place` are the Kyrgyz texts
    whatever the request's language, `title_ru=`, `body_ru=` and the like set the other
    languages. Pass `notice` to publish an existing draft instead.
    """
    if notice is None:
        notice = Notice(
            status=Notice.Status.PUBLISHED,
            category=category,
            title_ky=title,
            body_ky=body,
            place_ky=place,
            event_at=event_at,
            expire_at=expire_at,
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for field, value in translations.items():
            setattr(notice, field, value)
        if subject is not None:
            notice.subject_type = ContentType.objects.get_for_model(subject)
            notice.subject_id = subject.pk
        notice.publish_at = publish_at or timezone.now()
        notice.save()
        # Published as it is created: the audit row reads as the move from a draft.
        audit_record(
            actor=actor,
            obj=notice,
            action=AuditEntry.Action.PUBLISH,
            old=Notice.Status.DRAFT,
            new=notice.status,
        )
    else:
        notice.publish_at = publish_at or notice.publish_at or timezone.now()
        workflow_move(
            obj=notice,
            to=Notice.Status.PUBLISHED,
            actor=actor,
            action=AuditEntry.Action.PUBLISH,
            extra_fields=["publish_at"],
        )
    urgent = notice.is_emergency
    transaction.on_commit(lambda: _notify_queue(notice.pk, urgent=urgent))
    return notice


def _notify_queue(notice_id: int, *, urgent: bool = False) -> None:
    """Queue the subscribers' notification. Publishing must not fail when the broker (Redis)
    is down: the notice is saved, and the beat task `notices_notify_due` notifies them later.
    An emergency notice's task jumps ahead of every routine task (Redis priority 0)."""
    task = task_named(name="municipality.tasks.notice_notify_task")
    try:
        if urgent:
            task.apply_async(kwargs={"notice_id": notice_id}, priority=0)
        else:
            task.delay(notice_id=notice_id)
    except Exception:  # noqa: BLE001 — the broker is down; beat picks the notice up
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
            raise
        logger.warning(
            "notice %s: broker unavailable, subscribers notified later", notice_id, exc_info=True
        )


def _notice_check(notice: Notice) -> None:
    if notice.expire_at and notice.publish_at and notice.expire_at <= notice.publish_at:
        raise ValidationError({"expire_at": _("The notice must expire after it is published.")})


def _attachments_add(*, notice: Notice, files) -> list[str]:
    names = []
    for upload in files or ():
        mime = getattr(upload, "detected_type", None) or validate_upload(upload)
        attachment = NoticeAttachment(
            notice=notice, title=upload.name[:200], content_type=mime, size=upload.size
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        names.append(attachment.title)
    return names


@transaction.atomic
def notice_create(*, actor, attachments=(), **fields) -> Notice:
    """Create a draft notice from the office pages (publish it with `notice_publish`).

    `fields` are the NOTICE_FIELDS; `attachments` are uploaded files (PDF, JPEG, PNG).
    """
    if not is_office(actor):
        raise PermissionDenied
    unknown = set(fields) - set(NOTICE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown notice fields: {sorted(unknown)}")
    notice = Notice(status=Notice.Status.DRAFT, author=actor)
    for field, value in fields.items():
        setattr(notice, field, value)
    if not notice.publish_at:
        notice.publish_at = timezone.now()
    _notice_check(notice)
    notice.save()
    names = _attachments_add(notice=notice, files=attachments)
    changes = {
        field: (None, getattr(notice, field))
        for field in NOTICE_FIELDS
        if getattr(notice, field) not in (None, "")
    }
    if names:
        changes["attachments"] = ("", ", ".join(names))
    audit_record(
        actor=actor,
        obj=notice,
        action=AuditEntry.Action.CREATE,
        new=notice.status,
        changes=changes,
    )
    return notice


@transaction.atomic
def notice_update(
    *, notice: Notice, actor, attachments=(), remove_attachments=(), **fields
) -> Notice:
    """Edit a notice; the audit row keeps every changed field before → after."""
    if not is_office(actor):
        raise PermissionDenied
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    before = {field: getattr(notice, field) for field in NOTICE_FIELDS}
    for field, value in fields.items():
        if field not in NOTICE_FIELDS:
            raise TypeError(f"Unknown notice field: {field}")
        setattr(notice, field, value)
    if not notice.publish_at:
        notice.publish_at = before["publish_at"] or timezone.now()
    _notice_check(notice)
    notice.save()
    changes = _real_changes(model_changes(before=before, after=notice, fields=NOTICE_FIELDS))
    removed = list(notice.attachments.filter(pk__in=[a.pk for a in remove_attachments]))
    for attachment in removed:
        attachment.file.delete(save=False)
        attachment.delete()
    added = _attachments_add(notice=notice, files=attachments)
    if removed or added:
        changes["attachments"] = (", ".join(a.title for a in removed), ", ".join(added))
    if changes:
        audit_record(actor=actor, obj=notice, action=AuditEntry.Action.UPDATE, changes=changes)
    return notice


@transaction.atomic
def notice_delete(*, notice: Notice, actor) -> None:
    """Delete a notice and its files; the audit row keeps what it said."""
    if not is_office(actor):
        raise PermissionDenied
    changes = {
        field: (getattr(notice, field), None)
        for field in NOTICE_FIELDS
        if getattr(notice, field) not in (None, "")
    }
    audit_record(
        actor=actor,
        obj=notice,
        action=AuditEntry.Action.DELETE,
        old=notice.status,
        changes=changes,
    )
    for attachment in notice.attachments.all():
        attachment.file.delete(save=False)
    notice.delete()
