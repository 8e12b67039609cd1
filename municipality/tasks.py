"""Celery tasks are interfaces: they take ids and call one service."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def document_render_task(*, document_id: int) -> None:
    from municipality.models import OfficialDocument
    from municipality.services import document_render

    document = OfficialDocument.objects.filter(pk=document_id).first()
    if document is not None:
        document_render(document=document)


@shared_task(acks_late=True)
def notice_notify_task(*, notice_id: int) -> None:
    from municipality.services.subscriptions import notice_notify_subscribers

    notice_notify_subscribers(notice_id=notice_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def message_send_task(*, message_id: int) -> None:
    from municipality.services.sending import message_send

    message_send(message_id=message_id)
