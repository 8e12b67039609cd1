"""Issue 18 leftover: the plan's public-discussion gathering is one community gathering,
and the plan sees it held whichever page records it (the plan's or the community's)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from community.models import Gathering
from engagement_plan import services
from engagement_plan.models import Plan
from municipality.models import AuditEntry, OfficialDocument
from tests.community.factories import priority

from .test_services import plan_in_discussion

pytestmark = pytest.mark.django_db

MINUTES = "Пландын долбоору окулду; суу маселеси биринчи орунда."


def _record_from_plan_page(client, plan):
    return client.post(
        reverse("engagement_plan:gathering-record", args=[plan.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "place": "Маданият үйү",
            "chair_name": "Мамытов Бакыт",
            "minutes": MINUTES,
            "decisions": "Колдоо",
            "attendance_total": "30",
            "attendance_women": "14",
        },
    )


def _record_from_community_page(client, gathering):
    return client.post(
        reverse("community:gathering-hold", args=[gathering.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "chair_name": "Мамытов Бакыт",
            "minutes": MINUTES,
            "decisions": "Колдоо",
            "attendance_total": "30",
            "attendance_women": "14",
        },
    )


def _what_the_plan_sees(plan):
    """The plan's view of its discussion: its held gatherings and what they hold."""
    plan.refresh_from_db()
    held = list(plan.gatherings.filter(status=Gathering.Status.HELD))
    audited = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Plan),
        object_id=str(plan.pk),
        changes__has_key="gathering_held",
    )
    return {
        "status": plan.status,
        "held": [(g.pk == plan.announced_gathering_id, g.minutes, g.decisions) for g in held],
        "sources": [g.attendance.source for g in held],
        "totals": [g.attendance.total for g in held],
        # the minutes protocol PDF, numbered in the registry
        "protocols": [g.document.kind if g.document_id else None for g in held],
        "audited": audited.count(),
    }


def test_recording_from_the_community_page_moves_the_plan_as_the_plan_page_does(
    client, staff_user, head_user
):
    by_plan = plan_in_discussion(staff_user, head_user)
    by_community = plan_in_discussion(staff_user, head_user)
    client.force_login(staff_user)
    assert _record_from_plan_page(client, by_plan).status_code == 302
    response = _record_from_community_page(client, by_community.announced_gathering)
    assert response.status_code == 302, response.content.decode()[:2000]

    seen = _what_the_plan_sees(by_plan)
    assert seen == _what_the_plan_sees(by_community)
    assert seen["held"] == [(True, MINUTES, "Колдоо")]
    assert seen["sources"] == ["engagement_plan.gathering"]
    assert seen["protocols"] == [OfficialDocument.Kind.PROTOCOL] and seen["audited"] == 1
    # one gathering each: the announced one was held, no second one was made
    assert Gathering.objects.count() == 2
    # the plan's next step is the head's order, as after recording on the plan's page
    client.force_login(head_user)
    for plan in (by_plan, by_community):
        response = client.post(
            reverse("engagement_plan:plan-approve", args=[plan.pk]),
            {"justification": "Калган багыттар кийинки жылы."},
        )
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.status == Plan.Status.APPROVED


def test_the_community_page_refuses_what_the_plan_page_refuses(client, staff_user, head_user):
    plan = plan_in_discussion(staff_user, head_user)
    Plan.objects.filter(pk=plan.pk).update(
        gathering_at=timezone.now() + datetime.timedelta(days=2)
    )
    client.force_login(staff_user)
    response = _record_from_community_page(client, plan.announced_gathering)
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"]
    plan.announced_gathering.refresh_from_db()
    assert plan.announced_gathering.status == Gathering.Status.ANNOUNCED
    assert not OfficialDocument.objects.filter(kind=OfficialDocument.Kind.PROTOCOL).exists()


def test_plan_page_and_priority_thread_show_the_held_gathering_with_its_minutes(
    client, staff_user, head_user
):
    entry = priority(title="Ичүүчү суу")
    plan = plan_in_discussion(staff_user, head_user)
    plan.assessment_priorities.add(entry)
    gathering = plan.announced_gathering
    client.force_login(staff_user)
    assert _record_from_community_page(client, gathering).status_code == 302
    for language in ("ky", "ru"):
        with translation.override(language):
            plan_page = client.get(reverse("engagement_plan:plan-detail", args=[plan.pk]))
            office_page = client.get(reverse("engagement_plan:plan-office", args=[plan.pk]))
            thread = client.get(reverse("community:priority-detail", args=[entry.pk]))
            gathering_url, plan_url = gathering.get_absolute_url(), plan.get_absolute_url()
            gathering_page = client.get(gathering_url)
        assert gathering_url.startswith(f"/{language}/")
        for response in (plan_page, office_page, thread, gathering_page):
            assert response.status_code == 200
            html = response.content.decode()
            assert f'lang="{language}"' in html
            assert MINUTES in html and gathering_url in html
        assert plan_url in gathering_page.content.decode()
        assert "plan-gathering-minutes" in plan_page.content.decode()


def test_back_to_draft_calls_off_every_announced_gathering_of_the_plan(
    client, staff_user, head_user
):
    plan = plan_in_discussion(staff_user, head_user)
    client.force_login(staff_user)
    response = client.post(
        reverse("community:gathering-create"),
        {
            "kind": Gathering.Kind.PLAN_DISCUSSION,
            "plan": plan.pk,
            "title": "Экинчи жыйын",
            "agenda": "Пландын долбоору",
            "starts_at": (timezone.localtime() + datetime.timedelta(days=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "place": "Мектеп",
        },
    )
    assert response.status_code == 302
    services.plan_return_to_draft(plan=plan, actor=staff_user, reason="Толукталат")
    assert set(Gathering.objects.values_list("status", flat=True)) == {Gathering.Status.CANCELLED}


def test_a_gathering_announced_before_the_link_was_kept_is_found_by_the_plan(
    client, staff_user, head_user
):
    """Plans opened before this change point at their gathering only (`announced_gathering`)."""
    plan = plan_in_discussion(staff_user, head_user)
    plan.gatherings.clear()
    client.force_login(staff_user)
    assert _record_from_community_page(client, plan.announced_gathering).status_code == 302
    assert _what_the_plan_sees(plan)["held"] == [(True, MINUTES, "Колдоо")]
