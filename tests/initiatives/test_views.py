import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import Application, Contest
from municipality.exports import csv_cell as _safe_cell
from tests.initiatives.factories import (
    ApplicationFactory,
    CommissionMemberFactory,
    ContestFactory,
    adopt_protocol,
)
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(contest, **extra):
    issue = contest.directions.first()
    data = {
        "client_token": "tok-1",
        "kind": "group",
        "organisation": "Жаштар",
        "group_members": "Асан\nҮсөн",
        "title": "Спорт аянтчасы",
        "local_issues": [issue.pk],
        "problem": "Аянтча жок",
        "beneficiaries_count": "100",
        "beneficiaries_who": "жаштар",
        "requested_sum": "29700",
        "contribution_cash": "2300",
        "contribution_goods": "0",
        "contribution_ashar": "1000",
        "contribution_sponsors": "0",
        "contact_phone": "+996 700 123 456",
        "contact_email": "",
        "act-TOTAL_FORMS": "1",
        "act-INITIAL_FORMS": "0",
        "act-0-description": "Курулуш",
        "act-0-starts_on": "2019-12-26",
        "act-0-ends_on": "2019-12-30",
        "est-TOTAL_FORMS": "2",
        "est-INITIAL_FORMS": "0",
        "est-0-item": "Цемент",
        "est-0-unit": "кап",
        "est-0-quantity": "50",
        "est-0-unit_price": "500",
        "est-0-total": "25000",
        "est-1-item": "Жыгач",
        "est-1-unit": "м3",
        "est-1-quantity": "2",
        "est-1-unit_price": "4000",
        "est-1-total": "",
        "action": "save",
    }
    data.update(extra)
    return data


@pytest.fixture
def accepting():
    return ContestFactory(status=Contest.Status.ACCEPTING)


def test_public_pages_show_public_parts_only(client, municipality, accepting):
    application = ApplicationFactory(contest=accepting, contact_phone="+996 555 999 888")
    services.application_submit(actor=application.applicant, application=application)
    assert client.get(reverse("initiatives:index")).status_code == 200
    response = client.get(reverse("initiatives:contest", args=[accepting.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert application.title in body and "999 888" not in body


def test_draft_contest_is_hidden_from_public(client, municipality):
    contest = ContestFactory()
    assert client.get(reverse("initiatives:contest", args=[contest.pk])).status_code == 404


def test_apply_save_draft_then_submit_and_double_submit(
    client, municipality, accepting, resident, mailoutbox
):
    client.force_login(resident)
    url = reverse("initiatives:apply", args=[accepting.pk])
    response = client.post(url, form_data(accepting))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == "draft"
    assert application.estimate_lines.count() == 2
    # the same form posted twice (double click) does not create a second draft
    client.post(url, form_data(accepting))
    assert Application.objects.count() == 1
    edit = reverse("initiatives:application-edit", args=[application.pk])
    response = client.post(edit, form_data(accepting, action="submit"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted" and application.registration_number
    again = client.post(edit, form_data(accepting, action="submit"))
    assert again.status_code == 302 and again.url == application.private_url
    again = client.post(url, form_data(accepting, action="submit"))
    assert Application.objects.count() == 1
    receipt = client.get(application.private_url).content.decode()
    assert application.registration_number in receipt


def test_bad_estimate_line_is_shown_and_nothing_typed_is_lost(
    client, municipality, accepting, resident
):
    client.force_login(resident)
    response = client.post(
        reverse("initiatives:apply", args=[accepting.pk]),
        form_data(accepting, **{"est-0-total": "99"}),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Спорт аянтчасы" in body and "is-invalid" in body
    assert not Application.objects.exists()


def test_submit_with_totals_that_do_not_add_up_keeps_draft(
    client, municipality, accepting, resident
):
    client.force_login(resident)
    response = client.post(
        reverse("initiatives:apply", args=[accepting.pk]),
        form_data(accepting, action="submit", requested_sum="1000"),
    )
    application = Application.objects.get()
    assert response.url == reverse("initiatives:application-edit", args=[application.pk])
    assert application.status == "draft" and application.requested_sum == Decimal(1000)


def test_over_maximum_is_refused_on_the_form(client, municipality, accepting, resident):
    client.force_login(resident)
    response = client.post(
        reverse("initiatives:apply", args=[accepting.pk]),
        form_data(accepting, requested_sum="50000"),
    )
    assert response.status_code == 200 and not Application.objects.exists()


def test_wrong_file_type_is_refused(client, municipality, accepting, resident):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(resident)
    data = form_data(accepting)
    data["attachments"] = SimpleUploadedFile(
        "x.pdf", b"MZ this is an exe", content_type="application/pdf"
    )
    response = client.post(reverse("initiatives:apply", args=[accepting.pk]), data)
    assert response.status_code == 200 and not Application.objects.exists()


def test_expired_session_keeps_the_posted_draft(client, municipality, accepting, resident):
    url = reverse("initiatives:apply", args=[accepting.pk])
    response = client.post(url, form_data(accepting, title="Жоголбосун"))
    assert response.status_code == 302 and "login" in response.url
    client.force_login(resident)
    page = client.get(url).content.decode()
    assert "Жоголбосун" in page


def test_resident_cannot_see_or_change_another_draft(client, municipality, accepting, resident):
    other = ApplicationFactory(contest=accepting)
    client.force_login(resident)
    assert client.get(reverse("initiatives:application", args=[other.pk])).status_code == 404
    assert client.get(reverse("initiatives:application-edit", args=[other.pk])).status_code == 404
    assert (
        client.post(
            reverse("initiatives:application-edit", args=[other.pk]), form_data(accepting)
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.title != "Спорт аянтчасы"


def test_member_of_another_contest_gets_404_on_scoring(client, evaluation_contest):
    contest, members, apps = evaluation_contest
    outsider = CommissionMemberFactory(contest=ContestFactory())
    client.force_login(outsider.user)
    assert client.get(reverse("initiatives:score", args=[apps[0].pk])).status_code == 404
    assert (
        client.post(
            reverse("initiatives:score", args=[apps[0].pk]),
            {"step": "declare", "has_conflict": "no"},
        ).status_code
        == 404
    )


def test_member_scores_through_the_page_and_sees_others_only_after(client, evaluation_contest):
    contest, members, apps = evaluation_contest
    url = reverse("initiatives:score", args=[apps[0].pk])
    # member 1 scores first
    client.force_login(members[1].user)
    client.post(url, {"step": "declare", "has_conflict": "no"})
    values = {f"value_{c.pk}": "7" for c in contest.criteria.all()}
    values.update({f"comment_{c.pk}": "жакшы-бир" for c in contest.criteria.all()})
    client.post(url, {"step": "score", "action": "submit", **values})
    client.force_login(members[0].user)
    page = client.get(url).content.decode()
    assert "жакшы-бир" not in page
    client.post(url, {"step": "declare", "has_conflict": "no"})
    mine = {k: ("өзүмдүкү" if k.startswith("comment") else v) for k, v in values.items()}
    client.post(url, {"step": "score", "action": "save", **mine})
    assert "жакшы-бир" not in client.get(url).content.decode()
    client.post(url, {"step": "score", "action": "submit", **mine})
    assert "жакшы-бир" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "role, status, allowed",
    [
        ("staff", Contest.Status.DRAFT, True),
        ("head", Contest.Status.DRAFT, True),
        (None, Contest.Status.DRAFT, False),
        ("commission_member", Contest.Status.DRAFT, False),
        # the head's order follows the adopted protocol; staff hold the sitting
        ("staff", Contest.Status.ADOPTED, False),
        ("head", Contest.Status.ADOPTED, True),
        ("staff", Contest.Status.EVALUATION, True),
        ("staff", Contest.Status.ACCEPTING, True),
        ("kenesh_secretary", Contest.Status.ACCEPTING, False),
        ("staff", Contest.Status.RESULTS, True),
        ("staff", Contest.Status.CLOSED, False),
    ],
)
def test_permission_matrix_role_by_state(role, status, allowed):
    from initiatives.permissions import can_move_contest

    user = UserFactory(roles=[role] if role else [])
    contest = ContestFactory(status=status)
    halts = (Contest.Status.POSTPONED, Contest.Status.CANCELLED)
    forward = [s for s in contest.TRANSITIONS.get(status, ()) if s not in halts]
    nxt = forward[0] if forward else None
    assert can_move_contest(user, contest, nxt) is allowed


@pytest.mark.parametrize(
    "role, code", [(None, 403), ("staff", 200), ("head", 200), ("commission_member", 403)]
)
def test_office_pages_need_office_role(client, municipality, role, code):
    contest = ContestFactory()
    client.force_login(UserFactory(roles=[role] if role else []))
    assert client.get(reverse("initiatives:office")).status_code == code
    assert client.get(reverse("initiatives:office-contest", args=[contest.pk])).status_code == code


def test_office_creates_and_announces_contest(client, municipality, staff_user):
    from tests.municipality.factories import LocalIssueFactory

    issue = LocalIssueFactory()
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:office-contest-new"),
        {
            "title_ky": "Аламүдүн сынагы",
            "title_ru": "Конкурс",
            "budget": "78000",
            "max_per_project": "39000",
            "own_contribution_percent": "0",
            "window_opens": "2019-12-03",
            "window_closes": "2019-12-16",
            "directions": [issue.pk],
            "required_attachments": "0",
            "quorum_numerator": "2",
            "quorum_denominator": "3",
            "questions_text": "Долбоор кантип уланат?",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contest = Contest.objects.get()
    assert contest.questions == ["Долбоор кантип уланат?"]
    client.post(reverse("initiatives:office-move", args=[contest.pk]), {"to": "announced"})
    contest.refresh_from_db()
    assert contest.status == "announced" and contest.announcement_id
    assert client.get(reverse("initiatives:office-contest", args=[contest.pk])).status_code == 200


def test_staff_checks_eligibility_and_applicant_sees_reason(
    client, municipality, accepting, staff_user
):
    application = ApplicationFactory(contest=accepting)
    services.application_submit(actor=application.applicant, application=application)
    client.force_login(staff_user)
    url = reverse("initiatives:office-application", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Own contribution met" in page or "салым" in page
    client.post(url, {"eligible": "no", "reason": "Тиркемелер жок"})
    client.force_login(application.applicant)
    page = client.get(application.private_url).content.decode()
    assert "Тиркемелер жок" in page


def test_results_pages_and_open_data(client, municipality, evaluation_contest, head_user):
    contest, members, apps = evaluation_contest
    apps[0].title = '=HYPERLINK("x")'
    apps[0].save()
    for m in members:
        for a in apps:
            services.declaration_record(actor=m.user, application=a, has_conflict=False)
            services.scores_save(
                actor=m.user,
                application=a,
                submit=True,
                values={c.pk: (8 if a == apps[0] else 6, "") for c in contest.criteria.all()},
            )
    adopt_protocol(contest, actor=head_user)
    services.contest_results_approve(actor=head_user, contest=contest)
    page = client.get(reverse("initiatives:contest", args=[contest.pk])).content.decode()
    assert "winners" in page
    csv_text = client.get(reverse("initiatives:contest-csv", args=[contest.pk])).content.decode()
    assert "'=HYPERLINK" in csv_text
    data = client.get(reverse("initiatives:contest-json", args=[contest.pk])).json()
    assert data["ranking"][0]["selected"] is True
    assert len(data["scores"]) == 3 * 3 * 5


def test_csv_cells_are_neutralised():
    assert _safe_cell("=1+1") == "'=1+1"
    assert _safe_cell("@x") == "'@x" and _safe_cell("-3") == "'-3" and _safe_cell("ok") == "ok"


def test_open_data_hidden_before_results(client, municipality, accepting):
    assert client.get(reverse("initiatives:contest-json", args=[accepting.pk])).status_code == 404


def test_commission_pages(client, evaluation_contest):
    contest, members, apps = evaluation_contest
    client.force_login(members[0].user)
    assert contest.title in client.get(reverse("initiatives:commission")).content.decode()
    assert (
        client.get(reverse("initiatives:commission-contest", args=[contest.pk])).status_code == 200
    )


def test_paper_application_by_staff(client, municipality, accepting, staff_user, resident):
    from municipality.models import Person

    person = Person.objects.create(
        full_name="Асан", name_key="асан", consent="oral", consent_at=timezone.now(), user=resident
    )
    client.force_login(staff_user)
    url = reverse("initiatives:office-paper", args=[accepting.pk]) + f"?person={person.pk}"
    assert client.get(url).status_code == 200
    data = form_data(accepting, action="submit")
    data.update(received_on=timezone.localdate().isoformat(), incoming_number="12")
    response = client.post(url, data)
    application = Application.objects.get()
    assert application.is_paper and application.applicant == resident
    assert application.applicant_person == person
    assert application.entered_by == staff_user
    assert application.status == "submitted", response


def test_list_page_query_count_is_constant(client, municipality, django_assert_max_num_queries):
    for _ in range(2):
        ContestFactory(status=Contest.Status.ACCEPTING)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("initiatives:index"))
    for _ in range(6):
        ContestFactory(status=Contest.Status.ACCEPTING)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("initiatives:index"))


def test_criteria_edit_page_saves_and_freezes(client, municipality, staff_user):
    contest = ContestFactory()
    client.force_login(staff_user)
    url = reverse("initiatives:office-criteria", args=[contest.pk])
    page = client.get(url)
    assert page.status_code == 200
    criteria = list(contest.criteria.all())
    data = {"cr-TOTAL_FORMS": str(len(criteria) + 1), "cr-INITIAL_FORMS": str(len(criteria))}
    for i, c in enumerate(criteria):
        data.update(
            {
                f"cr-{i}-id": c.pk,
                f"cr-{i}-name": c.name,
                f"cr-{i}-name_ru": c.name_ru,
                f"cr-{i}-weight": "2",
                f"cr-{i}-max_score": "5",
                f"cr-{i}-order": i,
            }
        )
    data["cr-0-DELETE"] = "on"
    n = len(criteria)
    data.update({f"cr-{n}-name": "Жаңылык", f"cr-{n}-weight": "1", f"cr-{n}-max_score": "10"})
    assert client.post(url, data).status_code == 302
    names = list(contest.criteria.values_list("name", flat=True))
    assert "Жаңылык" in names and criteria[0].name not in names
    contest.status = Contest.Status.ACCEPTING
    contest.save()
    assert client.post(url, data).status_code == 302
    assert contest.criteria.count() == len(names)


def test_contest_edit_page(client, municipality, staff_user):
    contest = ContestFactory()
    client.force_login(staff_user)
    url = reverse("initiatives:office-contest-edit", args=[contest.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "directions"}
    data.update(
        {
            "title_ky": "Жаңы аталыш",
            "directions": [d.pk for d in contest.directions.all()],
            "window_opens": "2026-01-01",
            "window_closes": "2025-12-01",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200 and "window_closes" in response.context["form"].errors
    data["window_closes"] = "2026-02-01"
    assert client.post(url, data).status_code == 302
    contest.refresh_from_db()
    assert contest.title == "Жаңы аталыш"


def test_agreement_and_report_flow(
    client, municipality, evaluation_contest, head_user, staff_user
):
    contest, members, apps = evaluation_contest
    for m in members:
        for a in apps:
            services.declaration_record(actor=m.user, application=a, has_conflict=False)
            services.scores_save(
                actor=m.user,
                application=a,
                submit=True,
                values={c.pk: (6, "") for c in contest.criteria.all()},
            )
    adopt_protocol(contest, actor=head_user)
    services.contest_results_approve(actor=head_user, contest=contest)
    winner = Application.objects.filter(status="selected").first()
    client.force_login(staff_user)
    client.post(
        reverse("initiatives:office-application", args=[winner.pk]), {"action": "agreement"}
    )
    winner.refresh_from_db()
    assert winner.agreement_id and winner.terms_id
    client.post(reverse("initiatives:office-move", args=[contest.pk]), {"to": "implementation"})
    report = winner.reports.get(kind="progress")
    client.force_login(winner.applicant)
    url = reverse("initiatives:report", args=[winner.pk, report.pk])
    assert client.get(url).status_code == 200
    lines = list(winner.estimate_lines.all())
    data = {
        "text": "Иштер башталды",
        "sp-TOTAL_FORMS": str(len(lines)),
        "sp-INITIAL_FORMS": str(len(lines)),
    }
    for i, line in enumerate(lines):
        data.update(
            {f"sp-{i}-item": line.item, f"sp-{i}-planned": str(line.total), f"sp-{i}-spent": "100"}
        )
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.submitted_at and report.spending[0]["spent"] == "100"
    other = UserFactory()
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_contest_page_query_count_is_constant(client, municipality, django_assert_max_num_queries):
    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    for _ in range(2):
        a = ApplicationFactory(contest=contest)
        services.application_submit(actor=a.applicant, application=a)
    url = reverse("initiatives:contest", args=[contest.pk])
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for _ in range(5):
        a = ApplicationFactory(contest=contest)
        services.application_submit(actor=a.applicant, application=a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_kyrgyz_pages_have_no_english_words(client, municipality, evaluation_contest, head_user):
    import re

    contest, members, apps = evaluation_contest
    client.force_login(head_user)
    for url in [
        reverse("initiatives:index"),
        reverse("initiatives:contest", args=[contest.pk]),
        reverse("initiatives:office"),
        reverse("initiatives:office-contest", args=[contest.pk]),
        reverse("initiatives:office-application", args=[apps[0].pk]),
    ]:
        html = client.get(url).content.decode()
        main = html[html.find("<main") : html.find("</main>")]
        main = re.sub(r"<nav.*?</nav>", " ", main, flags=re.S)  # the shared menus are not ours
        text = re.sub(r"<[^>]+>", " ", main)
        assert not re.findall(r"\b(?!CSV|JSON|PDF|PNG|JPEG)[A-Za-z]{3,}\b", text), url


def test_office_home_lists_late_reports(client, municipality, staff_user):

    from django.utils import timezone

    from initiatives.models import ImplementationReport

    application = ApplicationFactory(status="selected", title="Кечиккен долбоор")
    Contest.objects.filter(pk=application.contest_id).update(status=Contest.Status.IMPLEMENTATION)
    ImplementationReport.objects.create(
        application=application,
        kind="final",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    client.force_login(staff_user)
    page = client.get(reverse("initiatives:office")).content.decode()
    assert "Кечиккен долбоор" in page and "table-danger" in page


def test_public_support_phase(client, municipality, resident):
    contest = ContestFactory(status=Contest.Status.ACCEPTING, public_support_phase=True)
    application = ApplicationFactory(contest=contest)
    services.application_submit(actor=application.applicant, application=application)
    client.force_login(resident)
    url = reverse("initiatives:support", args=[application.pk])
    client.post(url)
    client.post(url)  # twice: still one
    assert application.supports.count() == 1
    page = client.get(reverse("initiatives:contest", args=[contest.pk])).content.decode()
    assert f"initiatives/applications/{application.pk}/support/" not in page
    client.force_login(application.applicant)
    client.post(url)  # one's own application: refused
    assert application.supports.count() == 1
    contest.public_support_phase = False
    contest.save()
    client.force_login(UserFactory())
    client.post(url)
    assert application.supports.count() == 1


def test_staff_member_on_commission_sees_scores_only_after_own(client, evaluation_contest):
    contest, members, apps = evaluation_contest
    seated_staff = members[2].user
    from django.contrib.auth.models import Group

    seated_staff.groups.add(Group.objects.get_or_create(name="staff")[0])
    for a in apps:
        services.declaration_record(actor=members[0].user, application=a, has_conflict=False)
        services.scores_save(
            actor=members[0].user,
            application=a,
            submit=True,
            values={c.pk: (7, "") for c in contest.criteria.all()},
        )
    client.force_login(seated_staff)
    url = reverse("initiatives:office-contest", args=[contest.pk])
    assert client.get(url).context["table"] is None
    for a in apps:
        services.declaration_record(actor=seated_staff, application=a, has_conflict=False)
        services.scores_save(
            actor=seated_staff,
            application=a,
            submit=True,
            values={c.pk: (5, "") for c in contest.criteria.all()},
        )
    assert client.get(url).context["table"] is not None


def test_contests_and_my_applications_are_listed_a_page_at_a_time(client, municipality, resident):
    """Ten years of a municipality (~1 000 contests) are not one page (issue 19)."""
    from municipality.pagination import LIST_PAGE_SIZE

    contests = ContestFactory.create_batch(
        LIST_PAGE_SIZE + 1, status=Contest.Status.ACCEPTING, criteria=False
    )
    first = client.get(reverse("initiatives:index"))
    assert first.content.decode().count('class="mb-3 border-bottom pb-2"') == LIST_PAGE_SIZE
    assert contests[0].title not in first.content.decode()  # the oldest is on page 2
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("initiatives:index") + "?page=2").content.decode()
    assert contests[0].title in second and contests[-1].title not in second
    assert client.get(reverse("initiatives:index") + "?page=abc").status_code == 200

    for _ in range(LIST_PAGE_SIZE + 1):
        ApplicationFactory(contest=contests[-1], applicant=resident, lines=False)
    client.force_login(resident)
    mine = client.get(reverse("initiatives:my-applications")).content.decode()
    assert mine.count("<tr><td>") == LIST_PAGE_SIZE and 'rel="next"' in mine
    rest = client.get(reverse("initiatives:my-applications") + "?page=2").content.decode()
    assert rest.count("<tr><td>") == 1
