"""A public discussion of the engagement plan announced from the community pages belongs to
its plan: refused without one, linked to it with one (issue 18 leftover)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from community import services
from community.models import Gathering
from engagement_plan.services.gatherings import PLAN_REQUIRED
from municipality.models import Notice
from tests.engagement_plan.test_services import plan_in_discussion

pytestmark = pytest.mark.django_db


def _post(**extra):
    starts = timezone.localtime() + datetime.timedelta(days=2)
    return {
        "kind": Gathering.Kind.PLAN_DISCUSSION,
        "title": "Пландын долбоорун талкуулоо, Ак-Суу",
        "agenda": "Пландын долбоору",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "place": "Ак-Суу, мектеп",
        **extra,
    }


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_plan_discussion_without_its_plan_is_refused_with_a_message(
    client, staff_user, municipality, language
):
    client.force_login(staff_user)
    with translation.override(language):
        url = reverse("community:gathering-create")
        page = client.get(url)
        response = client.post(url, _post())
        message = str(PLAN_REQUIRED)
        assert [str(e) for e in response.context["form"].errors["plan"]] == [message]
    assert page.status_code == 200 and 'name="plan"' in page.content.decode()
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    # next to the field, in the page's language
    assert escape(message) in response.content.decode()
    assert not Gathering.objects.exists() and not Notice.objects.exists()


def test_the_service_refuses_it_too(staff_user, municipality):
    with pytest.raises(ValidationError) as refused:
        services.gathering_announce(
            actor=staff_user,
            kind=Gathering.Kind.PLAN_DISCUSSION,
            title="Талкуулоо",
            agenda="План",
            starts_at=timezone.now(),
            place="Мектеп",
        )
    assert "plan" in refused.value.error_dict
    assert not Gathering.objects.exists()


def test_a_plan_is_chosen_only_for_a_plan_discussion(client, staff_user, head_user):
    plan = plan_in_discussion(staff_user, head_user)
    client.force_login(staff_user)
    response = client.post(
        reverse("community:gathering-create"), _post(kind=Gathering.Kind.GATHERING, plan=plan.pk)
    )
    assert response.status_code == 200 and response.context["form"].errors["plan"]
    assert Gathering.objects.count() == 1  # the plan's own, announced with its discussion


def test_with_its_plan_it_is_announced_and_the_plan_sees_it_held(client, staff_user, head_user):
    plan = plan_in_discussion(staff_user, head_user)
    client.force_login(staff_user)
    response = client.post(reverse("community:gathering-create"), _post(plan=plan.pk))
    assert response.status_code == 302
    second = Gathering.objects.exclude(pk=plan.announced_gathering_id).get()
    assert list(second.plans.all()) == [plan] and second.notice is not None
    # held from the community page on its day: the plan counts it among its gatherings
    Gathering.objects.filter(pk=second.pk).update(starts_at=timezone.now())
    response = client.post(
        reverse("community:gathering-hold", args=[second.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "chair_name": "Мамытов Бакыт",
            "minutes": "Ак-Суунун тургундары пландын долбоорун талкуулашты.",
            "decisions": "Колдоо",
            "attendance_total": "25",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(plan.gatherings.filter(status=Gathering.Status.HELD)) == [second]
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Ак-Суунун тургундары" in page
