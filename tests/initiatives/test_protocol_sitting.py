"""The commission adopts and signs its protocol before the head's order (seed 003, issue 14),
through the views: the order refused before adoption and allowed after, the quorum of the
current commission at its edge, a signature from the paper protocol, the PDF's signers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives import services
from initiatives.models import Contest, ProtocolSignature
from tests.initiatives.factories import CommissionMemberFactory
from tests.initiatives.test_services import pdf_text, score_all
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Contest.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _scored(contest, members, apps):
    for member in members:
        for application, value in zip(apps, (9, 8, 7), strict=True):
            score_all(member, application, value)


def _move(client, contest, to):
    response = client.post(
        reverse("initiatives:office-move", args=[contest.pk]), {"to": to}, follow=True
    )
    contest.refresh_from_db()
    return response.content.decode()


def _sign(client, member, contest):
    client.force_login(member.user)
    url = reverse("initiatives:commission-contest", args=[contest.pk])
    return client.post(url, follow=True).content.decode()


def test_order_refused_before_the_protocol_is_adopted_and_allowed_after(
    client, municipality, evaluation_contest, staff_user, head_user
):
    contest, members, apps = evaluation_contest
    _scored(contest, members, apps)
    # The head tries the order during the evaluation: refused with the reason, nothing moves.
    client.force_login(head_user)
    page = client.get(reverse("initiatives:office-contest", args=[contest.pk])).content.decode()
    assert "order-too-early" in page
    page = _move(client, contest, S.RESULTS)
    assert contest.status == S.EVALUATION and contest.results_order is None
    assert "кол койгондор: 0; кворум: 3 мүчөнүн 2" in page
    # The sitting: the ranking is frozen, the members sign (here one of three).
    client.force_login(staff_user)
    _move(client, contest, S.PROTOCOL)
    assert contest.status == S.PROTOCOL and contest.results["steps"]
    page = _sign(client, members[0], contest)
    assert "Сиз комиссиянын протоколуна кол койдуңуз" in page
    client.force_login(head_user)
    page = _move(client, contest, S.RESULTS)
    assert contest.status == S.PROTOCOL and "кол койгондор: 1; кворум: 3 мүчөнүн 2" in page
    # Below the quorum the protocol cannot be adopted either.
    client.force_login(staff_user)
    page = _move(client, contest, S.ADOPTED)
    assert contest.status == S.PROTOCOL and contest.protocol is None
    assert "3 мүчөнүн 1 кол койду" in page
    # Exactly the quorum (2 of 3): adopted, numbered in the commission's register.
    _sign(client, members[1], contest)
    client.force_login(staff_user)
    _move(client, contest, S.ADOPTED)
    assert contest.status == S.ADOPTED and contest.protocol.register == "contest-commission"
    client.force_login(head_user)
    _move(client, contest, S.RESULTS)
    assert contest.status == S.RESULTS and contest.results_order is not None
    assert contest.applications.filter(status="selected").count() == 2


def test_paper_signature_counts_and_the_pdf_shows_who_signed(
    client, municipality, evaluation_contest, staff_user, django_capture_on_commit_callbacks
):
    contest, members, apps = evaluation_contest
    names = ("Асанова Гүлнара", "Бекова Бүбүсара", "Токтоев Марат")
    for member, name in zip(members, names, strict=True):
        member.user.full_name = name
        member.user.save()
    _scored(contest, members, apps)
    client.force_login(staff_user)
    _move(client, contest, S.PROTOCOL)
    _sign(client, members[0], contest)
    # Member 2 cannot log in: the clerk records the signature from the signed paper protocol.
    client.force_login(staff_user)
    url = reverse("initiatives:office-commission", args=[contest.pk])
    without_scan = {"action": "protocol_signature", "member": members[1].pk}
    client.post(url, without_scan)
    assert not ProtocolSignature.objects.filter(member=members[1]).exists()
    scan = SimpleUploadedFile("protocol.pdf", PDF, content_type="application/pdf")
    client.post(url, {**without_scan, "scan": scan})
    signature = ProtocolSignature.objects.get(member=members[1])
    assert signature.from_paper and signature.scan and signature.entered_by == staff_user
    page = client.get(reverse("initiatives:office-contest", args=[contest.pk])).content.decode()
    assert "3 мүчөнүн 2 кол койду" in page and "кагазда, сканы сакталат" in page
    with django_capture_on_commit_callbacks(execute=True):
        _move(client, contest, S.ADOPTED)
    assert contest.status == S.ADOPTED
    text = pdf_text(contest.protocol)
    present = text.split("Катышкан комиссия мүчөлөрү", 1)[1].split("Катышкан жок", 1)
    assert "Асанова Гүлнара" in present[0] and "Бекова Бүбүсара" in present[0]
    assert "Токтоев Марат" not in present[0] and "Токтоев Марат" in present[1][:80]
    assert "кагаз протоколго кол койгон" in text


def test_quorum_counts_the_current_commission_after_a_replacement(
    client, municipality, evaluation_contest, staff_user, head_user
):
    contest, members, apps = evaluation_contest
    fourth = CommissionMemberFactory(contest=contest)
    Contest.objects.filter(pk=contest.pk).update(status=S.ACCEPTING)
    services.commission_appoint(actor=head_user, contest=contest)  # replacement needs the order
    Contest.objects.filter(pk=contest.pk).update(status=S.EVALUATION)
    contest.refresh_from_db()
    services.commission_member_replace(
        actor=head_user, member=members[2], user=UserFactory(), reason="Ооруп калды"
    )
    _scored(contest, [members[0], members[1], fourth], apps)
    client.force_login(staff_user)
    _move(client, contest, S.PROTOCOL)
    assert contest.status == S.PROTOCOL
    # The replaced member no longer sits: no page, no signature.
    client.force_login(members[2].user)
    url = reverse("initiatives:commission-contest", args=[contest.pk])
    assert client.post(url).status_code == 404
    # Current commission: members 1, 2, the fourth and the replacement → 4 seats, quorum 3.
    _sign(client, members[0], contest)
    _sign(client, members[1], contest)
    client.force_login(staff_user)
    page = _move(client, contest, S.ADOPTED)
    assert contest.status == S.PROTOCOL and "4 мүчөнүн 2 кол койду" in page
    _sign(client, fourth, contest)
    client.force_login(staff_user)
    _move(client, contest, S.ADOPTED)
    assert contest.status == S.ADOPTED


def test_a_member_signs_once_and_only_during_the_sitting(client, evaluation_contest):
    contest, members, apps = evaluation_contest
    page = _sign(client, members[0], contest)
    assert "Азыр протоколго кол коё албайсыз" in page
    assert not ProtocolSignature.objects.exists()
