from celery import shared_task


@shared_task(acks_late=True)
def initiatives_expire_task() -> int:
    """Close the signature periods that ended below the threshold (daily; idempotent)."""
    from .services import initiatives_expire

    return initiatives_expire()
