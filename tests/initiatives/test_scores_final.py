"""Issue 12, items 1 and 11: a submitted score is final; the protocol prints what was approved.

Class 1 — every path by which a member could change or remove their submitted scores (the
conflict toggle, re-declaration, resubmission, a draft save after submitting, bulk writes,
the admin) is refused, through the services and through the pages. A conflict declared after
submitting keeps the rows and leaves them out of the ranking, with an audit row; only the
office clears a declared conflict. A member sees the others' scores only once their own are
final.

Class 11 — the protocol, the results order, the agreement and the open data print the results
frozen when the head approved them, never a ranking recomputed from the live rows.
"""

import subprocess

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from initiatives import selectors, services
from initiatives.models import Application, ConflictDeclaration, Score
from municipality.models import AuditEntry, OfficialDocument
from tests.initiatives.factories import adopt_protocol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _values(contest, value, comment="ок"):
    return {c.pk: (value, comment) for c in contest.criteria.all()}


def _submit(member, application, value, comment="ок"):
    services.declaration_record(actor=member.user, application=application, has_conflict=False)
    services.scores_save(
        actor=member.user,
        application=application,
        values=_values(application.contest, value, comment),
        submit=True,
    )


def _stored(member, application):
    return sorted(
        Score.objects.filter(member=member, application=application).values_list(
            "criterion_id", "value", "comment", "submitted"
        )
    )


def _marks_of(contest, application):
    candidates, *_rest = selectors.contest_candidates(contest)
    return next(c for c in candidates if c.id == application.pk).marks


def _conflict_audits(application):
    return [
        e
        for e in AuditEntry.objects.filter(object_id=str(application.pk)).order_by("pk")
        if "conflict_of_interest" in (e.changes or {})
    ]


def _pdf_text(document):
    document.refresh_from_db()
    assert document.status == OfficialDocument.Status.ISSUED, document.error
    out = subprocess.run(["pdftotext", document.file.path, "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


# Class 1 through the services ----------------------------------------------------------


def test_conflict_toggle_after_submission_keeps_scores_out_of_ranking(evaluation_contest):
    """submit → (read the others) → declare a conflict → declare none → score again."""
    contest, members, apps = evaluation_contest
    member, application = members[0], apps[0]
    _submit(member, application, 4, "алгачкы")
    before = _stored(member, application)
    assert member.pk in _marks_of(contest, application)

    services.declaration_record(
        actor=member.user, application=application, has_conflict=True, note="тууганым"
    )
    assert _stored(member, application) == before  # kept, not deleted
    assert member.pk not in _marks_of(contest, application)  # left out of the ranking
    audit = _conflict_audits(application)[-1]
    assert audit.actor == member.user and "рейтингге кирбейт" in audit.reason

    with pytest.raises(ValidationError, match="only the office"):
        services.declaration_record(actor=member.user, application=application, has_conflict=False)
    with pytest.raises(PermissionDenied):
        services.scores_save(
            actor=member.user,
            application=application,
            values=_values(contest, 10, "жаңы"),
            submit=True,
        )
    assert _stored(member, application) == before
    assert ConflictDeclaration.objects.get(member=member, application=application).has_conflict


def test_second_submission_or_changed_values_refused(evaluation_contest):
    contest, members, apps = evaluation_contest
    member, application = members[0], apps[0]
    _submit(member, application, 5)
    before = _stored(member, application)
    for values, submit in ((_values(contest, 9), True), (_values(contest, 9), False)):
        with pytest.raises(ValidationError, match="already submitted"):
            services.scores_save(
                actor=member.user, application=application, values=values, submit=submit
            )
    # the very same submission again (a double click) changes nothing and is not an error
    services.scores_save(
        actor=member.user, application=application, values=_values(contest, 5), submit=True
    )
    # re-declaring "no conflict" neither resets nor duplicates anything
    services.declaration_record(actor=member.user, application=application, has_conflict=False)
    assert _stored(member, application) == before
    assert ConflictDeclaration.objects.filter(member=member, application=application).count() == 1


def test_submitted_score_rows_refuse_any_write(evaluation_contest):
    """Behind the services: the model, bulk writes and cascades refuse too."""
    contest, members, apps = evaluation_contest
    member, application = members[0], apps[0]
    _submit(member, application, 5)
    before = _stored(member, application)
    score = Score.objects.filter(member=member, application=application).first()
    score.value = 10
    with pytest.raises(ValidationError):
        score.save()
    with pytest.raises(ValidationError):
        score.delete()
    with pytest.raises(ValidationError):
        Score.objects.filter(member=member).update(value=10)
    with pytest.raises(ValidationError):
        Score.objects.filter(member=member).delete()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        member.delete()
    assert _stored(member, application) == before


def test_admin_cannot_change_or_delete_scores(admin_client, evaluation_contest):
    contest, members, apps = evaluation_contest
    _submit(members[0], apps[0], 5)
    score = Score.objects.filter(member=members[0]).first()
    change = reverse("admin:initiatives_score_change", args=[score.pk])
    delete = reverse("admin:initiatives_score_delete", args=[score.pk])
    form = {
        "member": score.member_id,
        "application": score.application_id,
        "criterion": score.criterion_id,
        "value": "10",
        "comment": "",
        "submitted": "on",
    }
    assert admin_client.post(change, form).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    declaration = ConflictDeclaration.objects.get(member=members[0], application=apps[0])
    response = admin_client.post(
        reverse("admin:initiatives_conflictdeclaration_delete", args=[declaration.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 403
    score.refresh_from_db()
    assert score.value == 5
    assert ConflictDeclaration.objects.filter(pk=declaration.pk).exists()


def test_clearing_a_conflict_is_refused_to_the_member_allowed_to_staff(
    evaluation_contest, staff_user, head_user
):
    contest, members, apps = evaluation_contest
    member, application = members[0], apps[0]
    _submit(member, application, 6)
    declaration = services.declaration_record(
        actor=member.user, application=application, has_conflict=True
    )
    for actor in (member.user, members[1].user):
        with pytest.raises(PermissionDenied):
            services.declaration_clear(actor=actor, declaration=declaration, reason="ката")
    with pytest.raises(ValidationError):
        services.declaration_clear(actor=staff_user, declaration=declaration, reason=" ")
    audits = len(_conflict_audits(application))
    services.declaration_clear(
        actor=staff_user, declaration=declaration, reason="Ката белгиленген"
    )
    declaration.refresh_from_db()
    assert not declaration.has_conflict
    entry = _conflict_audits(application)[-1]
    assert len(_conflict_audits(application)) == audits + 1
    assert entry.actor == staff_user and entry.reason == "Ката белгиленген"
    from municipality.models import OutboxMessage

    assert OutboxMessage.objects.filter(
        user=member.user, body__contains="Ката белгиленген"
    ).exists()
    # the submitted scores count again, unchanged; the member still cannot change them
    assert member.pk in _marks_of(contest, application)
    with pytest.raises(ValidationError):
        services.scores_save(
            actor=member.user, application=application, values=_values(contest, 1), submit=True
        )
    # the head may clear too, but nobody their own conflict
    head_seat = members[1]
    head_seat.user.groups.add(Group.objects.get_or_create(name="head")[0])
    own = services.declaration_record(actor=head_seat.user, application=apps[1], has_conflict=True)
    with pytest.raises(PermissionDenied):
        services.declaration_clear(actor=head_seat.user, declaration=own, reason="өзүм")
    services.declaration_clear(actor=head_user, declaration=own, reason="Башчы текшерди")


# Class 1 through the pages -------------------------------------------------------------


def _score_post(contest, value, comment, action="submit"):
    data = {"step": "score", "action": action}
    for c in contest.criteria.all():
        data[f"value_{c.pk}"] = str(value)
        data[f"comment_{c.pk}"] = comment
    return data


def test_view_conflict_toggle_attack_is_refused(client, evaluation_contest):
    contest, members, apps = evaluation_contest
    member, application = members[0], apps[0]
    url = reverse("initiatives:score", args=[application.pk])
    client.force_login(member.user)
    client.post(url, {"step": "declare", "has_conflict": "no"})
    client.post(url, _score_post(contest, 3, "биринчи"))
    before = _stored(member, application)
    assert before and all(row[3] for row in before)

    client.post(url, {"step": "declare", "has_conflict": "yes", "note": "кошуна"})
    response = client.post(url, {"step": "declare", "has_conflict": "no"}, follow=True)
    assert "only the office" in response.content.decode()
    client.post(url, _score_post(contest, 10, "экинчи"))

    assert _stored(member, application) == before
    assert member.pk not in _marks_of(contest, application)
    assert ConflictDeclaration.objects.get(member=member, application=application).has_conflict
    assert _conflict_audits(application)


def test_view_resubmission_with_other_values_is_refused(client, evaluation_contest):
    contest, members, apps = evaluation_contest
    member, application = members[0], apps[0]
    url = reverse("initiatives:score", args=[application.pk])
    client.force_login(member.user)
    client.post(url, {"step": "declare", "has_conflict": "no"})
    client.post(url, _score_post(contest, 3, "биринчи"))
    before = _stored(member, application)
    # a double click posts the same submission again: no error, back to the page
    assert client.post(url, _score_post(contest, 3, "биринчи")).status_code == 302
    page = client.post(url, _score_post(contest, 9, "экинчи"), follow=True).content.decode()
    assert "already submitted" in page
    client.post(url, _score_post(contest, 9, "экинчи", action="save"))
    assert _stored(member, application) == before


def test_view_member_cannot_clear_own_conflict_staff_can(client, evaluation_contest, staff_user):
    contest, members, apps = evaluation_contest
    member, application = members[0], apps[0]
    _submit(member, application, 6)
    declaration = services.declaration_record(
        actor=member.user, application=application, has_conflict=True
    )
    url = reverse("initiatives:office-application", args=[application.pk])
    data = {"action": "clear_conflict", "declaration": declaration.pk, "reason": "Ката"}
    client.force_login(member.user)
    client.post(url, data)
    declaration.refresh_from_db()
    assert declaration.has_conflict

    client.force_login(staff_user)
    page = client.get(url).content.decode()
    assert "clear_conflict" in page and str(member.user) in page
    client.post(url, data)
    declaration.refresh_from_db()
    assert not declaration.has_conflict
    assert _conflict_audits(application)[-1].actor == staff_user


def test_view_member_sees_others_scores_only_after_submitting_own(client, evaluation_contest):
    """Neither the scoring page nor the office table shows the others' scores to a member
    whose own are not final: a declared conflict is not final (the office may clear it)."""
    contest, members, apps = evaluation_contest
    seated = members[2]
    seated.user.groups.add(Group.objects.get_or_create(name="staff")[0])
    for a in apps:
        _submit(members[0], a, 7, "башка-мүчөнүн-пикири")
    for a in apps[1:]:
        _submit(seated, a, 5)
    url = reverse("initiatives:score", args=[apps[0].pk])
    client.force_login(seated.user)
    client.post(url, {"step": "declare", "has_conflict": "no"})
    assert "башка-мүчөнүн-пикири" not in client.get(url).content.decode()
    client.post(url, {"step": "declare", "has_conflict": "yes"})
    assert "башка-мүчөнүн-пикири" not in client.get(url).content.decode()
    response = client.get(reverse("initiatives:office-contest", args=[contest.pk]))
    assert response.context["table"] is None
    # once the office clears the conflict and the member submits, both show the scores
    declaration = ConflictDeclaration.objects.get(member=seated, application=apps[0])
    services.declaration_clear(
        actor=_office_user("head"), declaration=declaration, reason="Ката белгиленген"
    )
    client.post(url, _score_post(contest, 5, "менин"))
    assert "башка-мүчөнүн-пикири" in client.get(url).content.decode()
    response = client.get(reverse("initiatives:office-contest", args=[contest.pk]))
    assert response.context["table"] is not None


def _office_user(role):
    from tests.municipality.factories import UserFactory

    return UserFactory(roles=[role])


# Class 11: documents print what was approved -------------------------------------------


def _approve_then_tamper(contest, members, apps, head_user, capture):
    """Approve (9, 8, 7 → the first two win), then change the live rows before rendering."""
    for member in members:
        for application, value in zip(apps, (9, 8, 7), strict=True):
            _submit(member, application, value)
    with capture(execute=False) as callbacks:
        adopt_protocol(contest, actor=head_user)
        services.contest_results_approve(actor=head_user, contest=contest)
    with connection.cursor() as cursor:  # straight to the database, past every guard
        cursor.execute(
            "UPDATE initiatives_score SET value = 0 WHERE application_id = %s", [apps[0].pk]
        )
        cursor.execute(
            "UPDATE initiatives_score SET value = 10 WHERE application_id = %s", [apps[2].pk]
        )
    Application.objects.filter(pk=apps[0].pk).update(title="Өзгөртүлгөн аталыш")
    for callback in callbacks:  # the worker renders the PDFs now, after the tampering
        callback()
    contest.refresh_from_db()


def test_protocol_pdf_prints_the_frozen_results_after_live_scores_change(
    evaluation_contest, head_user, django_capture_on_commit_callbacks, client
):
    contest, members, apps = evaluation_contest
    first_title = apps[0].title
    _approve_then_tamper(contest, members, apps, head_user, django_capture_on_commit_callbacks)
    text = _pdf_text(contest.protocol)
    # rank, the three members' marks, the score, as approved (live: 0.00 and 100.00)
    assert f"1 {apps[0].registration_number} «{first_title}» 90.00 90.00 90.00 90.00" in text
    assert f"3 {apps[2].registration_number} «{apps[2].title}» 70.00 70.00 70.00 70.00" in text
    assert "100.00" not in text and " 0.00 " not in text
    assert "Өзгөртүлгөн" not in text
    assert text.index(first_title) < text.index(apps[2].title)  # the approved order
    order = _pdf_text(contest.results_order)
    assert first_title in order and apps[1].title in order and apps[2].title not in order
    # the office table and the open data show the approved results too
    data = selectors.contest_open_data(contest)
    assert [r["score"] for r in data["ranking"]] == ["90.00", "80.00", "70.00"]
    assert {s["score"] for s in data["scores"] if s["registration_number"].endswith("001")} == {9}
    client.force_login(head_user)
    page = client.get(reverse("initiatives:office-contest", args=[contest.pk])).content.decode()
    assert "90.00" in page and "100.00" not in page


def test_agreement_prints_the_approved_sum(
    evaluation_contest, head_user, staff_user, django_capture_on_commit_callbacks
):
    contest, members, apps = evaluation_contest
    _approve_then_tamper(contest, members, apps, head_user, django_capture_on_commit_callbacks)
    winner = Application.objects.get(pk=apps[1].pk)
    Application.objects.filter(pk=winner.pk).update(requested_sum=99999)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_issue(actor=staff_user, application=winner)
    winner.refresh_from_db()
    text = _pdf_text(winner.agreement)
    assert "(отуз тогуз миң) сом 00 тыйын" in text
    assert "99999" not in text and "99\u202f999" not in text
    assert "99999" not in _pdf_text(winner.terms)


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_store_one_set_of_scores(evaluation_contest):
    """A double POST (or two tabs) at the same instant: one submission wins, whole."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and concurrent transactions; CI sets DATABASE_URL")
    contest, members, apps = evaluation_contest
    member, application = members[0], apps[0]
    services.declaration_record(actor=member.user, application=application, has_conflict=False)
    count = 6
    barrier = threading.Barrier(count)
    done, errors = [], []

    def run(value):
        try:
            barrier.wait()
            services.scores_save(
                actor=member.user,
                application=application,
                values=_values(contest, value),
                submit=True,
            )
            done.append(value)
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(v,)) for v in range(1, count + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(done) == 1 and len(errors) == count - 1
    assert {row[1] for row in _stored(member, application)} == set(done)


def test_admin_cannot_change_criteria_once_frozen(admin_client, evaluation_contest):
    """A weight changed during the evaluation would re-rank the scores already given."""
    contest, members, apps = evaluation_contest
    criterion = contest.criteria.first()
    page = admin_client.get(reverse("admin:initiatives_contest_change", args=[contest.pk]))
    assert page.status_code == 200
    inline = next(
        f for f in page.context["inline_admin_formsets"] if f.opts.model is type(criterion)
    )
    request = page.wsgi_request
    assert not inline.opts.has_change_permission(request, contest)
    assert not inline.opts.has_delete_permission(request, contest)
    assert not inline.opts.has_add_permission(request, contest)
