import datetime

from django.utils import timezone

from community.models import Assessment, Priority, Problem
from municipality.models import Person
from tests.municipality.factories import VillageFactory


def person(name="Асанова Айгүл", **kwargs) -> Person:
    return Person.objects.create(
        full_name=name,
        name_key=name.casefold(),
        consent="oral",
        consent_at=timezone.now(),
        **kwargs,
    )


def priority(title="Ичүүчү суу", rank=1, village=None, held_on=None) -> Priority:
    """A priority raised by one problem of one assessment meeting (no attendance)."""
    village = village or VillageFactory()
    assessment = Assessment.objects.create(
        village=village, held_on=held_on or datetime.date(2026, 3, 1)
    )
    entry = Priority.objects.create(title=title, rank=rank)
    entry.villages.add(village)
    Problem.objects.create(assessment=assessment, title=title, rank=rank, priority=entry)
    return entry
