"""Paper score sheets: blank sheet PDF, entering a signed sheet with its scan, the quorum."""

import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives import selectors, services
from initiatives.models import PaperScoreSheet, Score

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _scan():
    return SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf")


def _sheet_data(contest, member, value=4, conflict="no"):
    data = {"member": member.pk, "has_conflict": conflict, "scan": _scan()}
    for c in contest.criteria.all():
        data[f"value_{c.pk}"] = str(min(value, c.max_score))
        data[f"comment_{c.pk}"] = ""
    return data


def test_blank_sheet_pdf(client, evaluation_contest, staff_user):
    contest, members, apps = evaluation_contest
    client.force_login(staff_user)
    url = reverse("initiatives:office-score-sheet", args=[apps[0].pk, members[1].pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=response.content, capture_output=True
    ).stdout.decode()
    text = " ".join(text.split())
    assert members[1].user.full_name in text and apps[0].registration_number in text
    assert contest.criteria.first().name in text


def test_paper_sheet_entered_is_final_and_completes_the_quorum(
    client, evaluation_contest, staff_user
):
    contest, members, apps = evaluation_contest
    application = apps[0]
    missing = {m[0] for m in selectors.contest_selection(contest).missing_quorum}
    assert application.pk in missing  # nobody has scored yet
    client.force_login(staff_user)
    url = reverse("initiatives:office-paper-sheet", args=[application.pk])
    assert client.get(url).status_code == 200
    for member in members[:2]:  # two of three: the 2/3 quorum
        response = client.post(url, _sheet_data(contest, member))
        assert response.status_code == 302, response.content.decode()[:2000]
    scores = Score.objects.filter(application=application)
    assert scores.count() == 2 * contest.criteria.count()
    assert all(s.submitted and s.from_paper for s in scores)
    assert PaperScoreSheet.objects.filter(application=application).count() == 2
    missing = {m[0] for m in selectors.contest_selection(contest).missing_quorum}
    assert application.pk not in missing
    # The same member's sheet again: refused, the scores stay as they were.
    response = client.post(url, _sheet_data(contest, members[0], value=1))
    assert response.status_code == 400
    assert set(scores.values_list("value", flat=True)) != {1}
    assert {p["member"] for p in selectors.paper_scores(contest)} == {
        m.user.full_name for m in members[:2]
    }


def test_member_who_submitted_online_cannot_be_overwritten_from_paper(
    client, evaluation_contest, staff_user
):
    contest, members, apps = evaluation_contest
    member, application = members[2], apps[1]
    services.declaration_record(actor=member.user, application=application, has_conflict=False)
    values = {c.pk: (c.max_score, "") for c in contest.criteria.all()}
    services.scores_save(actor=member.user, application=application, values=values, submit=True)
    client.force_login(staff_user)
    url = reverse("initiatives:office-paper-sheet", args=[application.pk])
    response = client.post(url, _sheet_data(contest, member, value=0))
    assert response.status_code == 400
    assert not Score.objects.filter(application=application, from_paper=True).exists()


def test_conflict_on_the_sheet_records_no_scores(client, evaluation_contest, staff_user):
    contest, members, apps = evaluation_contest
    client.force_login(staff_user)
    url = reverse("initiatives:office-paper-sheet", args=[apps[2].pk])
    response = client.post(url, _sheet_data(contest, members[1], conflict="yes"))
    assert response.status_code == 302
    assert not Score.objects.filter(application=apps[2]).exists()
    assert members[1].declarations.get(application=apps[2]).has_conflict


def test_residents_and_members_cannot_enter_sheets(client, evaluation_contest, resident):
    contest, members, apps = evaluation_contest
    url = reverse("initiatives:office-paper-sheet", args=[apps[0].pk])
    for user in (resident, members[0].user):
        client.force_login(user)
        assert client.get(url).status_code == 403
