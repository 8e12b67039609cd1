from celery import shared_task

from .models import Resolution
from .services import (
    initiatives_expire,
    resolution_translation_store,
    resolution_translations_store,
)


@shared_task(acks_late=True)
def initiatives_expire_task() -> int:
    """The daily kenesh upkeep (idempotent): close the signature periods that ended below
    the threshold, and store the Russian resolution copies a lost task left missing."""
    resolution_translations_store()
    return initiatives_expire()


@shared_task(acks_late=True)
def resolution_translation_task(*, resolution_id: int) -> None:
    """Render and store the Russian translation copy of a published resolution."""
    resolution = Resolution.objects.filter(pk=resolution_id).first()
    if resolution is not None:
        resolution_translation_store(resolution=resolution)
