"""Reads of the register of people: search and duplicates, for the office only."""

import re

from django.db.models import Exists, OuterRef, Q, QuerySet

from municipality.models import Person
from municipality.models.people import name_key

SEARCH_MAX_LENGTH = 100


def people_search(*, query: str = "", village=None) -> QuerySet[Person]:
    """People whose name, phone or village matches, each flagged `has_duplicate`."""
    # The duplicate rule: another row with the same name, birth year and village.
    same = Person.objects.filter(
        name_key=OuterRef("name_key"),
        birth_year=OuterRef("birth_year"),
        village=OuterRef("village"),
    ).exclude(pk=OuterRef("pk"))
    people = Person.objects.select_related("village", "user").annotate(has_duplicate=Exists(same))
    if village is not None:
        people = people.filter(village=village)
    query = (query or "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]
    if query:
        condition = Q(name_key__contains=name_key(query))
        digits = re.sub(r"\D", "", query)
        if len(digits) >= 3:
            # A phone typed as 0555 12 34 56 is stored as +996555123456: match its tail.
            condition |= Q(phone__contains=digits.lstrip("0"))
        condition |= Q(village__name__icontains=query)
        people = people.filter(condition)
    return people.order_by("name_key", "pk")


def person_duplicates(person: Person) -> list[Person]:
    """The records that look like the same person as `person`."""
    if person.birth_year is None:
        return []
    return list(
        Person.objects.filter(
            name_key=person.name_key, birth_year=person.birth_year, village=person.village
        )
        .exclude(pk=person.pk)
        .select_related("village")
    )
