"""Hearing proposals and plan comments on paper, linked to a person in the register."""

import pytest
from django.urls import reverse

from budget.models import Hearing, Proposal
from engagement_plan.models import Comment, Plan
from municipality.services import people as people_services
from tests.budget.factories import HearingFactory
from tests.engagement_plan.factories import PlanFactory


@pytest.fixture
def person(staff_user, municipality):
    return people_services.person_create(
        actor=staff_user,
        full_name="Айгүл Сатарова",
        address="",
        sex="f",
        phone="",
        village=None,
        birth_year=1970,
        consent="written",
    )


def test_paper_proposal_for_a_person(client, staff_user, person):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    client.force_login(staff_user)
    url = reverse("budget:office-hearing-proposal", args=[hearing.pk])
    page = client.get(reverse("budget:office-hearing", args=[hearing.pk])).content.decode()
    assert "Айгүл Сатарова (1970)" in page
    response = client.post(
        url, {"person": person.pk, "author_name": "", "source": "paper", "text": "Жол керек"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Proposal.objects.get()
    assert proposal.person == person and proposal.author_name == "Айгүл Сатарова"


def test_paper_proposal_needs_a_name_or_a_person(client, staff_user, municipality):
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED)
    client.force_login(staff_user)
    url = reverse("budget:office-hearing-proposal", args=[hearing.pk])
    response = client.post(url, {"source": "paper", "text": "Жол керек"})
    assert response.status_code == 400 and not Proposal.objects.exists()


def test_paper_comment_for_a_person(client, staff_user, person):
    plan = PlanFactory(status=Plan.Status.DISCUSSION)
    client.force_login(staff_user)
    url = reverse("engagement_plan:paper-comment-add", args=[plan.pk])
    response = client.post(url, {"person": person.pk, "author_name": "", "text": "Мектеп"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.person == person and comment.display_author == "Айгүл Сатарова"
