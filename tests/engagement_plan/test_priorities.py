"""Issue 18: the plan's input "priorities from the needs assessment" (4.6) picks from the
community's priority register instead of free text; the free text stays as other notes."""

import subprocess

import pytest
from django.urls import reverse

from engagement_plan import services
from engagement_plan.models import Plan
from municipality.models import AuditEntry
from tests.community.factories import priority
from tests.municipality.factories import VillageFactory

from .factories import PlanFactory
from .test_procedures import _discussion, _ready

pytestmark = pytest.mark.django_db


def _post(**extra):
    return {
        "title_ky": "Жамаатты тартуу планы",
        "title_ru": "План вовлечения",
        "period_start": "2026",
        "period_end": "2027",
        "needs_priorities": "Балдар аянтчасы да айтылды",
        **extra,
    }


def test_office_form_lists_open_priorities_by_rank_with_villages(client, staff_user):
    water = priority("Ичүүчү суу", rank=2, village=VillageFactory(name="Ак-Суу"))
    road = priority("Жол", rank=1, village=VillageFactory(name="Кара-Суу"))
    closed = priority("Эски көпүрө", rank=3)
    closed.status = "closed"  # a fixture, not a move: the register closed it long ago
    closed.save()
    client.force_login(staff_user)
    page = client.get(reverse("engagement_plan:plan-create")).content.decode()
    assert "1. Жол (Кара-Суу)" in page and "2. Ичүүчү суу (Ак-Суу)" in page
    assert page.index("1. Жол") < page.index("2. Ичүүчү суу")
    assert "Эски көпүрө" not in page
    assert water.pk != road.pk


def test_office_form_saves_the_priorities_and_keeps_the_notes(client, staff_user):
    water = priority("Ичүүчү суу", rank=1)
    road = priority("Жол", rank=2)
    client.force_login(staff_user)
    response = client.post(
        reverse("engagement_plan:plan-create"),
        _post(assessment_priorities=[water.pk, road.pk]),
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert set(plan.assessment_priorities.all()) == {water, road}
    assert plan.needs_priorities == "Балдар аянтчасы да айтылды"
    assert list(water.plans.all()) == [plan]
    # editing: one priority less, audited
    response = client.post(
        reverse("engagement_plan:plan-edit", args=[plan.pk]),
        _post(assessment_priorities=[water.pk]),
    )
    assert response.status_code == 302
    assert list(plan.assessment_priorities.all()) == [water]
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).latest("pk")
    assert entry.changes["assessment_priorities"] == [
        str(sorted([water.pk, road.pk])),
        str([water.pk]),
    ]


def test_bad_or_closed_priority_ids_are_refused_with_a_message(client, staff_user):
    closed = priority("Эски көпүрө", rank=3)
    closed.status = "closed"
    closed.save()
    client.force_login(staff_user)
    for bad in ("999999", str(closed.pk), "жок"):
        response = client.post(
            reverse("engagement_plan:plan-create"), _post(assessment_priorities=[bad])
        )
        page = response.content.decode()
        assert response.status_code == 200 and not Plan.objects.exists()
        assert "баракты жаңыртып, кайра тандаңыз" in page, bad
        assert 'value="Жамаатты тартуу планы"' in page


def test_a_closed_priority_already_on_the_plan_can_stay(client, staff_user):
    water = priority("Ичүүчү суу", rank=1)
    plan = PlanFactory(created_by=staff_user)
    plan.assessment_priorities.add(water)
    water.status = "closed"
    water.save()
    client.force_login(staff_user)
    response = client.post(
        reverse("engagement_plan:plan-edit", args=[plan.pk]),
        _post(assessment_priorities=[water.pk]),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert list(plan.assessment_priorities.all()) == [water]


def test_public_page_and_plan_pdf_show_the_priorities(
    client, municipality, staff_user, head_user, django_capture_on_commit_callbacks
):
    water = priority("Ичүүчү суу", rank=1, village=VillageFactory(name="Ак-Суу"))
    plan = _discussion(staff_user, head_user)
    plan.assessment_priorities.add(water)
    Plan.objects.filter(pk=plan.pk).update(needs_priorities="Балдар аянтчасы")
    page = client.get(reverse("engagement_plan:plan-detail", args=[plan.pk])).content.decode()
    assert water.get_absolute_url() in page and "Ичүүчү суу" in page and "Ак-Суу" in page
    assert "Балдар аянтчасы" in page
    _ready(plan, staff_user)
    client.force_login(head_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("engagement_plan:plan-approve", args=[plan.pk]))
    plan.refresh_from_db()
    text = subprocess.run(
        ["pdftotext", plan.plan_document.file.path, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = " ".join(text.split())
    assert "1. Ичүүчү суу (Ак-Суу)" in text and "Балдар аянтчасы" in text


def test_a_revision_carries_the_priorities_over(head_user):
    water = priority("Ичүүчү суу", rank=1)
    plan = PlanFactory(status=Plan.Status.IN_FORCE)
    plan.assessment_priorities.add(water)
    new = services.plan_revise(plan=plan, actor=head_user, reason="Жаңы артыкчылыктар")
    assert list(new.assessment_priorities.all()) == [water]
