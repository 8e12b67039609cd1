"""The database is unreachable mid-request: a 503 page with the person's input and a button
to send it again (fast check, any database; the real restart is test_postgres_restart)."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from budget import views as budget_views
from budget.models import Hearing
from tests.budget.factories import HearingFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_a_proposal_sent_while_the_database_is_down_comes_back_with_the_text(
    client, municipality, resident, monkeypatch
):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    client.force_login(resident)

    def down(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(budget_views.services, "proposal_submit", down)
    text = "Көпүрөнү оңдоо керек <script>alert(1)</script>"
    response = client.post(reverse("budget:hearing-propose", args=[hearing.pk]), {"text": text})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "Көпүрөнү оңдоо керек &lt;script&gt;" in page and "<script>" not in page
    assert 'name="text"' in page and 'name="csrfmiddlewaretoken"' in page
    assert "Send again" not in page  # Kyrgyz page: translated
