"""Run by `manage.py shell` against the private cluster: a hearing open for proposals and
logged-in residents. Prints JSON: the hearing id and (user id, session cookie) pairs."""

import json
import os

from django.test import Client

from budget.models import Hearing
from tests.budget.factories import HearingFactory
from tests.municipality.factories import MunicipalityFactory, UserFactory

MunicipalityFactory()
hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
sessions = []
for _ in range(int(os.environ["FAULT_USERS"])):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    sessions.append([user.pk, client.cookies["sessionid"].value])
print("SETUP " + json.dumps({"hearing": hearing.pk, "sessions": sessions}))
