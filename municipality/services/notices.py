from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from municipality.models import AuditEntry, Notice

from .audit import audit_record


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
    plan, protocol…) and the texts; `title_ru=`, `body_ru=` and the like set the other
    languages. Pass `notice` to publish an existing draft instead.
    """
    from municipality.tasks import notice_notify_task

    if notice is None:
        notice = Notice(
            category=category,
            title=title,
            body=body,
            place=place,
            event_at=event_at,
            expire_at=expire_at,
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for field, value in translations.items():
            setattr(notice, field, value)
        if subject is not None:
            notice.subject_type = ContentType.objects.get_for_model(subject)
            notice.subject_id = subject.pk
    old = notice.status
    notice.status = Notice.Status.PUBLISHED
    notice.publish_at = publish_at or notice.publish_at or timezone.now()
    notice.save()
    audit_record(
        actor=actor, obj=notice, action=AuditEntry.Action.PUBLISH, old=old, new=notice.status
    )
    transaction.on_commit(lambda: notice_notify_task.delay(notice_id=notice.pk))
    return notice
