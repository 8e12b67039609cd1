"""The kenesh pages: public reading, signing, the secretary's and the office's forms."""

import datetime
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kenesh import selectors, services
from kenesh.models import Decision, Initiative, Petition, Session
from tests.kenesh.factories import collecting_initiative, deputies, phone
from tests.municipality.factories import UserFactory, VillageFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_public_pages_render(client, municipality, kenesh_user):
    initiative = collecting_initiative(kenesh_user)
    for name, args in [
        ("kenesh:index", []),
        ("kenesh:resolution-list", []),
        ("kenesh:initiative-list", []),
        ("kenesh:initiative-detail", [initiative.pk]),
        ("kenesh:petition-list", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    response = client.get(reverse("kenesh:initiative-detail", args=[initiative.pk]))
    assert "0 / 100" in response.content.decode() or "100" in response.content.decode()


def test_resident_signs_and_the_count_is_public(client, municipality, kenesh_user):
    initiative = collecting_initiative(kenesh_user)
    user = UserFactory(phone=phone(), village=VillageFactory(), full_name="Айгерим Садыкова")
    client.force_login(user)
    url = reverse("kenesh:initiative-sign", args=[initiative.pk])
    response = client.post(url, {"show_name": "on"}, follow=True)
    assert response.status_code == 200
    assert selectors.signature_count(initiative) == 1
    client.post(url, {}, follow=True)
    assert selectors.signature_count(initiative) == 1
    client.logout()
    page = client.get(reverse("kenesh:initiative-detail", args=[initiative.pk])).content.decode()
    assert "Айгерим Садыкова" in page
    assert user.phone not in page


def test_unconfirmed_phone_is_told_why(client, municipality, kenesh_user):
    initiative = collecting_initiative(kenesh_user)
    user = UserFactory(phone=phone(), village=VillageFactory(), phone_confirmed_at=None)
    client.force_login(user)
    response = client.post(
        reverse("kenesh:initiative-sign", args=[initiative.pk]), {}, follow=True
    )
    assert selectors.signature_count(initiative) == 0
    assert "SMS" in response.content.decode()


def test_secretary_prepares_and_announces_a_session(client, municipality, kenesh_user, settings):
    settings.KENESH_NOTICE_DAYS = 10
    client.force_login(kenesh_user)
    starts = timezone.localtime() + datetime.timedelta(days=9)
    response = client.post(
        reverse("kenesh:session-create"),
        {
            "convocation": 7,
            "number": 4,
            "starts_at": starts.strftime("%Y-%m-%dT10:00"),
            "place": "Зал",
        },
    )
    session = Session.objects.get(number=4)
    assert response.status_code == 302
    manage = reverse("kenesh:session-manage", args=[session.pk])
    client.post(manage, {"action": "item", "title": "Суу түтүгү"})
    assert session.items.count() == 1
    response = client.post(manage, {"action": "announce"})
    assert response.status_code == 200
    assert "10" in response.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.DRAFT
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=11)
    )
    assert client.post(manage, {"action": "announce"}).status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.ANNOUNCED
    assert client.get(session.get_absolute_url()).status_code == 200


def test_decision_view_refuses_without_invitation(client, municipality, kenesh_user):
    services.charter_save(actor=kenesh_user, number="1", adopted_on=None, signature_threshold=1)
    initiative = collecting_initiative(kenesh_user)
    services.initiative_sign(
        initiative=initiative, user=UserFactory(phone=phone(), village=VillageFactory())
    )
    team = deputies(3)
    session = services.session_create(
        actor=kenesh_user,
        convocation=7,
        number=9,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        place="Зал",
    )
    item = services.initiative_to_agenda(actor=kenesh_user, initiative=initiative, session=session)
    services.session_announce(actor=kenesh_user, session=session)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now())
    session.refresh_from_db()
    services.session_hold(actor=kenesh_user, session=session, deputies_present=team)
    client.force_login(kenesh_user)
    url = reverse("kenesh:decision-record", args=[item.pk])
    data = {
        "outcome": "adopted",
        "votes_for": 3,
        "votes_against": 0,
        "votes_abstained": 0,
        "initiators_present": "on",
        "resolution_text": "Кабыл алынсын.",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Decision.objects.exists()
    data["outcome"] = "postponed"
    assert client.post(url, data).status_code == 302
    assert Decision.objects.get().outcome == "postponed"


def test_office_enters_a_paper_sheet(client, municipality, kenesh_user, staff_user):
    initiative = collecting_initiative(kenesh_user)
    village = VillageFactory()
    client.force_login(staff_user)
    today = timezone.localdate().isoformat()
    data = {
        "scan": SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf"),
        "line-TOTAL_FORMS": "2",
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "0",
        "line-MAX_NUM_FORMS": "50",
        "line-0-full_name": "Жылдыз Мамытова",
        "line-0-birth_year": "1979",
        "line-0-village": str(village.pk),
        "line-0-signed_on": today,
    }
    response = client.post(reverse("kenesh:sheet-enter", args=[initiative.pk]), data)
    assert response.status_code == 302
    assert selectors.signature_counts(initiative)["paper"] == 1


def test_signature_sheet_pdf_in_kyrgyz(client, municipality, kenesh_user, tmp_path):
    initiative = collecting_initiative(kenesh_user)
    response = client.get(reverse("kenesh:signature-sheet", args=[initiative.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "sheet.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert initiative.title in text


def test_overdue_petition_shown_publicly(client, municipality):
    petition = Petition.objects.create(
        title="Көпүрө", text="Оңдогула", answer_due=timezone.localdate() - datetime.timedelta(1)
    )
    page = client.get(reverse("kenesh:petition-detail", args=[petition.pk])).content.decode()
    assert "alert-danger" in page
    page = client.get(reverse("kenesh:petition-list")).content.decode()
    assert "text-bg-danger" in page


def test_secretary_registers_an_initiative(client, municipality, kenesh_user, resident):
    initiative = services.initiative_file(
        actor=resident, title="Т", summary="С", draft_text="Д", initiators="Асан"
    )
    client.force_login(kenesh_user)
    ends = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()
    response = client.post(
        reverse("kenesh:initiative-manage", args=[initiative.pk]),
        {"action": "register", "signing_ends": ends},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.COLLECTING and initiative.threshold == 100


def test_forwarded_proposal_decision_shows_on_the_hearing(client, municipality, kenesh_user):
    from tests.budget.factories import ProposalFactory

    proposal = ProposalFactory(decision="forwarded")
    team = deputies(3)
    session = services.session_create(
        actor=kenesh_user,
        convocation=7,
        number=5,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        place="Зал",
    )
    item = session.items.get(proposal=proposal)
    services.session_announce(actor=kenesh_user, session=session)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now())
    session.refresh_from_db()
    services.session_hold(actor=kenesh_user, session=session, deputies_present=team)
    services.decision_record(
        actor=kenesh_user, item=item, outcome=Decision.Outcome.REJECTED, votes_against=3
    )
    page = client.get(
        reverse("budget:hearing-detail", args=[proposal.hearing.pk])
    ).content.decode()
    assert "kenesh-item" in page
    assert session.get_absolute_url() in page


def test_secretary_keeps_the_deputies(client, municipality, kenesh_user, staff_user):
    from kenesh.models import Deputy

    url = reverse("kenesh:deputies")
    data = {"full_name": "Асанов Бакыт", "term_start": "2024-10-01", "term_end": "2028-10-01"}
    client.force_login(staff_user)
    assert client.post(url, data).status_code == 403
    client.force_login(kenesh_user)
    assert client.post(url, data).status_code == 302
    assert Deputy.objects.get().full_name == "Асанов Бакыт"
    bad = dict(data, term_end="2020-01-01")
    assert client.post(url, bad).status_code == 200
    assert Deputy.objects.count() == 1


def test_resident_registers_to_attend_once(client, municipality, kenesh_user, resident):
    session = services.session_create(
        actor=kenesh_user,
        convocation=7,
        number=6,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        place="Зал",
    )
    services.agenda_item_add(actor=kenesh_user, session=session, title="Суу")
    url = reverse("kenesh:session-register", args=[session.pk])
    client.force_login(resident)
    client.post(url)
    assert session.registrations.count() == 0  # not announced yet
    services.session_announce(actor=kenesh_user, session=session)
    client.post(url)
    client.post(url)
    assert session.registrations.count() == 1
    assert "I will come" not in client.get(session.get_absolute_url()).content.decode()


def _announced_session(actor, *, closed=False):
    session = services.session_create(
        actor=actor,
        convocation=7,
        number=4,
        starts_at=timezone.make_aware(datetime.datetime(2031, 3, 20, 10, 30)),
        place="Маданият үйү",
        is_closed=closed,
        closed_reason="Мамлекеттик сыр" if closed else "",
    )
    services.agenda_item_add(actor=actor, session=session, title="Жергиликтүү бюджет жөнүндө")
    services.agenda_item_add(actor=actor, session=session, title="Таштанды чогултуу")
    services.session_announce(actor=actor, session=session)
    return session


def _poster_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return " ".join(text.split())


def test_session_poster_is_offered_after_announcing_in_kyrgyz_and_russian(
    client, municipality, kenesh_user
):
    session = _announced_session(kenesh_user)
    client.force_login(kenesh_user)
    manage = client.get(reverse("kenesh:session-manage", args=[session.pk])).content.decode()
    url = reverse("kenesh:session-poster", args=[session.pk])
    assert f"{url}?language=ky" in manage and f"{url}?language=ru" in manage
    client.logout()
    ky = _poster_text(client.get(url, {"language": "ky"}))
    for expected in (
        "Айылдык кеңештин 7",  # the title breaks after "7-": pdftotext drops that hyphen
        "чакырылышынын 4-сессиясы",
        "20.03.2031",
        "10:30",
        "Маданият үйү",
        "1. Жергиликтүү бюджет жөнүндө",
        "2. Таштанды чогултуу",
        "Сессия ачык: тургундар келип угушса болот.",
        f"/ky/kenesh/sessions/{session.pk}/",
    ):
        assert expected in ky, expected
    ru = _poster_text(client.get(url, {"language": "ru"}))
    for expected in (
        "4-я сессия айылного кенеша 7-го созыва",
        "Время",
        "10:30",
        "Повестка дня",
        "Сессия открытая: жители могут прийти и слушать.",
    ):
        assert expected in ru, expected


def test_session_poster_of_a_closed_session_says_why_and_a_draft_has_none(
    client, municipality, kenesh_user
):
    session = _announced_session(kenesh_user, closed=True)
    text = _poster_text(client.get(reverse("kenesh:session-poster", args=[session.pk])))
    assert "Мамлекеттик сыр" in text and "тургундар келип угушса" not in text
    draft = services.session_create(
        actor=kenesh_user,
        convocation=7,
        number=5,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        place="Зал",
    )
    client.force_login(kenesh_user)
    assert client.get(reverse("kenesh:session-poster", args=[draft.pk])).status_code == 404
    page = client.get(reverse("kenesh:session-manage", args=[draft.pk])).content.decode()
    assert "poster.pdf" not in page
