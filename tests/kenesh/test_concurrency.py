"""Signature counts under 50 parallel signing requests: one row per person (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from kenesh import selectors, services
from kenesh.models import Initiative, Signature
from tests.kenesh.factories import collecting_initiative, phone
from tests.municipality.factories import UserFactory, VillageFactory


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_signatures_one_row_per_person(municipality, kenesh_user):
    initiative = collecting_initiative(kenesh_user)
    village = VillageFactory()
    people = [UserFactory(phone=phone(), village=village) for _ in range(10)]
    barrier = threading.Barrier(50)
    outcomes = []
    lock = threading.Lock()

    def sign(user):
        try:
            barrier.wait(30)
            services.initiative_sign(
                initiative=Initiative.objects.get(pk=initiative.pk), user=user
            )
            result = "signed"
        except ValidationError:
            result = "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=sign, args=(people[i % 10],)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcomes.count("signed") == 10
    assert outcomes.count("refused") == 40
    assert Signature.objects.filter(initiative=initiative).count() == 10
    assert selectors.signature_count(initiative) == 10
