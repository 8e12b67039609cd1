"""The head replaces a commission member by order; the quorum counts the current commission."""

from django.urls import reverse

from initiatives import selectors, services
from initiatives.models import CommissionMember
from municipality.models import OfficialDocument
from tests.municipality.factories import UserFactory


def _appoint(contest, head_user):
    """The commission appointed by order while applications came in (the fixture skips it)."""
    status = contest.status
    contest.status = contest.Status.ACCEPTING
    contest.save(update_fields=["status"])
    services.commission_appoint(actor=head_user, contest=contest)
    contest.status = status
    contest.save(update_fields=["status"])


def test_head_replaces_a_member_by_order(
    client, evaluation_contest, head_user, django_capture_on_commit_callbacks
):
    contest, members, apps = evaluation_contest
    with django_capture_on_commit_callbacks(execute=True):
        _appoint(contest, head_user)
    contest.refresh_from_db()
    absent = members[2]
    # The absent member had scored one application before falling ill: it no longer counts.
    services.declaration_record(actor=absent.user, application=apps[0], has_conflict=False)
    values = {c.pk: (c.max_score, "") for c in contest.criteria.all()}
    services.scores_save(actor=absent.user, application=apps[0], values=values, submit=True)
    newcomer = UserFactory(full_name="Жаңы Мүчө")
    client.force_login(head_user)
    page = client.get(reverse("initiatives:office-contest", args=[contest.pk])).content.decode()
    assert "Replace" in page or "алмаштыр" in page.lower() or 'value="replace"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("initiatives:office-commission", args=[contest.pk]),
            {
                "action": "replace",
                "member": absent.pk,
                "user": newcomer.pk,
                "reason": "Ооруп калды",
            },
        )
    assert response.status_code == 302
    absent.refresh_from_db()
    assert absent.replaced_at and absent.replaced_by.user == newcomer
    order = absent.replacement_order
    assert order.kind == OfficialDocument.Kind.ORDER and order.number
    order.refresh_from_db()
    assert order.file  # rendered from the registered template
    contest.refresh_from_db()
    assert selectors.member_for(absent.user, contest) is None
    assert selectors.member_for(newcomer, contest) == absent.replaced_by
    candidates, *_ = selectors.contest_candidates(contest)
    first = next(c for c in candidates if c.id == apps[0].pk)
    assert first.marks == {} and first.eligible_members == 3  # the current three
    # The new member scores; the old seat cannot.
    services.declaration_record(actor=newcomer, application=apps[0], has_conflict=False)
    services.scores_save(actor=newcomer, application=apps[0], values=values, submit=True)
    candidates, *_ = selectors.contest_candidates(contest)
    first = next(c for c in candidates if c.id == apps[0].pk)
    assert set(first.marks) == {absent.replaced_by.pk}
    assert CommissionMember.objects.filter(contest=contest, replaced_at__isnull=True).count() == 3


def test_staff_cannot_replace_members(client, evaluation_contest, staff_user, head_user):
    contest, members, apps = evaluation_contest
    _appoint(contest, head_user)
    client.force_login(staff_user)
    client.post(
        reverse("initiatives:office-commission", args=[contest.pk]),
        {"action": "replace", "member": members[1].pk, "user": staff_user.pk, "reason": "x"},
    )
    members[1].refresh_from_db()
    assert members[1].replaced_at is None
