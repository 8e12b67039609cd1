"""Message events by registration: the registry, its system check, and every event in ky and ru.

The texts come from templates/<app>/messages/<event>.txt; these tests need the compiled
translations (`tools/po_fill.py` or `make messages`), as the other Kyrgyz-page tests do.
"""

import datetime
import types
from decimal import Decimal

import pytest
from django.utils import timezone

from initiatives import services as initiatives_services
from initiatives.models import Application
from municipality.checks import registered_messages
from municipality.i18n import text_in
from municipality.models import Notice, OutboxMessage
from municipality.services import head_signer, messages
from municipality.services.messages import event_notify, event_texts, message_render
from tests.budget.factories import HearingFactory, ProposalFactory
from tests.engagement_plan.factories import PlanFactory
from tests.initiatives.factories import (
    ApplicationFactory,
    CommissionMemberFactory,
    ContestFactory,
)
from tests.monitoring.factories import ProtocolFactory, RecommendationFactory
from tests.municipality.factories import MunicipalityFactory, UserFactory, VillageFactory

pytestmark = pytest.mark.django_db

EVENTS = {
    "initiatives.receipt",
    "initiatives.check",
    "initiatives.result",
    "initiatives.conflict_cleared",
    "initiatives.contest_announced",
    "initiatives.contest_winners",
    "initiatives.report_due",
    "initiatives.report_late",
    "engagement_plan.discussion_opened",
    "engagement_plan.plan_approved",
    "engagement_plan.activity_overdue",
    "engagement_plan.plan_review",
    "budget.hearing_announced",
    "budget.hearing_tomorrow",
    "budget.proposal_decided",
    "budget.protocol_published",
    "monitoring.protocol_handed_over",
    "monitoring.recommendation_due",
}


def test_apps_register_their_events_and_the_check_passes():
    assert EVENTS <= set(messages.message_events())
    assert registered_messages() == []


def test_check_fails_on_a_missing_template(monkeypatch):
    monkeypatch.setitem(
        messages._EVENTS,
        "demo.gone",
        messages.MessageEvent(code="demo.gone", template="demo/messages/gone.txt"),
    )
    errors = registered_messages()
    assert [e.id for e in errors] == ["municipality.E003"]
    assert "demo/messages/gone.txt" in errors[0].msg


def test_check_fails_on_a_template_without_subject_or_body(monkeypatch):
    monkeypatch.setitem(
        messages._EVENTS,
        "demo.blockless",
        messages.MessageEvent(code="demo.blockless", template="includes/attendance_table.html"),
    )
    errors = registered_messages()
    assert [e.id for e in errors] == ["municipality.E004"]
    assert "subject, body" in errors[0].msg


def test_an_unregistered_event_is_an_error():
    with pytest.raises(LookupError):
        message_render(event="demo.unknown", context={})


def both(event, context):
    ky = message_render(event=event, context=context, language="ky")
    ru = message_render(event=event, context=context, language="ru")
    return ky, ru


def test_initiatives_messages_in_kyrgyz_and_russian():
    application = ApplicationFactory(registration_number="7-001")
    ky, ru = both(
        "initiatives.receipt",
        {
            "number": "7-001",
            "title": application.title,
            "contest": application.contest,
            "time": "01.12.2026 10:00",
        },
    )
    assert ky.subject == "7-001 өтүнмө кабыл алынды"
    assert ru.subject == "Заявка 7-001 принята"
    assert "7-001" in ky.body and "7-001" in ru.body and ky.body != ru.body
    assert len(ru.sms) < len(ru.body)  # the short SMS variant
    step = types.SimpleNamespace(
        selected=False, rank=3, score=Decimal("7.5"), requested=50000, remaining_before=20000
    )
    ky, ru = both(
        "initiatives.result",
        {"application": application, "number": "7-001", "title": "Суу", "step": step},
    )
    assert "Рейтингде 3-орун" in ky.body and "батпайт" in ky.body
    # D27: no Kyrgyz sentence inside the Russian message.
    assert "Место в рейтинге: 3" in ru.body and "Рейтингде" not in ru.body
    assert ru.subject == "Итог конкурса: Суу"
    ky, ru = both(
        "initiatives.check",
        {"application": application, "number": "7-001", "title": "Суу", "reason": "ok"},
    )
    assert ky.subject.startswith("7-001 өтүнмө") and ru.subject.startswith("Заявка 7-001")
    ky, ru = both(
        "initiatives.conflict_cleared", {"number": "7-001", "title": "Суу", "reason": "ok"}
    )
    assert "конфликт интересов снят" in ru.subject and ky.subject != ru.subject


def test_contest_notices_use_the_reviewed_wording(staff_user, django_capture_on_commit_callbacks):
    contest = ContestFactory(budget=Decimal("1500000"), max_per_project=Decimal("300000"))
    with django_capture_on_commit_callbacks(execute=True):
        initiatives_services.contest_announce(actor=staff_user, contest=contest)
    contest.refresh_from_db()
    notice = Notice.objects.get(pk=contest.announcement_id)
    # language-review D25/D26, sums grouped.
    assert (
        "аралыгында кабыл алынат" in notice.body_ky and "1\u202f500\u202f000 сом" in notice.body_ky
    )
    assert notice.body_ru.startswith("Заявки принимаются с ")
    assert "размещены на портале" in notice.body_ru
    assert notice.title_ky.startswith("Жергиликтүү демилгелер сынагы: ")
    winners = [ApplicationFactory(contest=contest, registration_number="1-001")]
    texts = event_texts(
        event="initiatives.contest_winners", context={"title": contest, "winners": winners}
    )
    assert texts["body"].startswith("Жеңүүчүлөрдүн тизмеси:\n1-001 «")
    assert texts["body_ru"].startswith("Список победителей:\n1-001 «")


def test_plan_notices_in_kyrgyz_and_russian():
    plan = PlanFactory()
    texts = event_texts(
        event="engagement_plan.discussion_opened",
        context={"plan": plan, "place": "Клуб", "when": "05.12.2026 10:00"},
    )
    assert texts["title"].startswith("Айылдык жыйын: «Жергиликтүү жамаатты")
    assert (
        texts["title_ru"]
        == "Сельский сход: общественное обсуждение плана «План вовлечения местного сообщества»"
    )
    assert "Айылдык жыйындын өтүүчү убактысы: 05.12.2026 10:00, жери: Клуб" in texts["body"]
    assert "Сельский сход состоится 05.12.2026 10:00, место: Клуб" in texts["body_ru"]
    order = types.SimpleNamespace(pk=11, number=4, date=datetime.date(2026, 12, 1))
    document = types.SimpleNamespace(pk=12)
    texts = event_texts(
        event="engagement_plan.plan_approved",
        context={"plan": plan, "order": order, "document": document},
    )
    assert "2026-жылдын 1-декабры № 4 буйругу менен" in texts["body"]  # D30
    assert "/documents/11/" in texts["body"] and "План: " in texts["body"]
    assert texts["body_ru"].startswith("Распоряжением главы айыл окмоту от 1 декабря 2026 г. № 4")
    assert "Распоряжение: " in texts["body_ru"] and "/ru/" in texts["body_ru"]


def test_budget_messages_in_kyrgyz_and_russian(django_capture_on_commit_callbacks):
    hearing = HearingFactory(starts_at=timezone.now() + datetime.timedelta(days=20))
    texts = event_texts(
        event="budget.hearing_announced", context={"hearing": hearing, "url": "https://x/h"}
    )
    assert "Сунуштарды талкуулоо" in texts["body"] and "Обсуждение предложений" in texts["body_ru"]
    assert texts["body"].endswith("https://x/h") and texts["title_ru"] == text_in(
        hearing, "title", "ru"
    )
    texts = event_texts(
        event="budget.protocol_published", context={"hearing": hearing, "url": "https://x/h"}
    )
    assert texts["title_ru"].startswith("Протокол: ") and texts["body"] != texts["body_ru"]
    author = UserFactory(language="ru")
    proposal = ProposalFactory(author=author, decision="rejected", decision_reason="Нет средств")
    with django_capture_on_commit_callbacks(execute=True):
        event_notify(
            user=author,
            event="budget.proposal_decided",
            context={"proposal": proposal, "url": "https://x/h"},
            idempotency_key="test.decided",
        )
    message = OutboxMessage.objects.get(user=author)
    assert message.subject == "Решение по вашему предложению на бюджетных слушаниях"
    assert "Причина: Нет средств" in message.body and "https://x/h" in message.body


def test_monitoring_hand_over_in_kyrgyz_and_russian():
    protocol = ProtocolFactory()
    ky, ru = both("monitoring.protocol_handed_over", {"protocol": protocol, "count": 2})
    assert ky.subject.startswith("Мониторинг протоколу: ")
    assert ru.subject.startswith("Протокол мониторинга: ")
    assert "2" in ky.body and "2" in ru.body and ky.body != ru.body


def test_sms_gets_the_short_variant(django_capture_on_commit_callbacks):
    user = UserFactory(email="", phone="+996700123456", language="ky")
    application = ApplicationFactory(registration_number="7-002")
    context = {
        "number": "7-002",
        "title": application.title,
        "contest": application.contest,
        "time": "01.12.2026 10:00",
    }
    with django_capture_on_commit_callbacks(execute=True):
        event_notify(user=user, event="initiatives.receipt", context=context, idempotency_key="k")
    message = OutboxMessage.objects.get(user=user)
    assert message.channel == OutboxMessage.Channel.SMS
    assert message.body.startswith("7-002 өтүнмө кабыл алынды: 01.12.2026 10:00.")


def test_head_signer_comes_from_the_profile():
    MunicipalityFactory(head_name="Асанова Гүлнара", head_title="Айыл өкмөт башчысы")
    assert head_signer(fallback_name="x") == {
        "signer_name": "Асанова Гүлнара",
        "signer_position": "Айыл өкмөт башчысы",
    }


def test_commission_order_is_signed_by_the_head_from_the_profile(municipality, head_user):
    """Not by whoever clicked, with a title typed into the service (issue 13 item 3)."""
    contest = ContestFactory(title="Жаштар сынагы")
    CommissionMemberFactory(contest=contest, is_chair=True)
    document = initiatives_services.commission_appoint(actor=head_user, contest=contest)
    assert (document.signer_name, document.signer_position) == (
        municipality.head_name,
        "Айыл өкмөт башчысы",
    )
    assert document.title == "«Жаштар сынагы» сынагынын конкурстук комиссиясын түзүү жөнүндө"


def test_monitoring_protocol_notice_in_kyrgyz_and_russian():
    village = VillageFactory(name="Көктөбө", name_ru="Коктобо")
    protocol = ProtocolFactory(village=village, visit_date=datetime.date(2026, 12, 1))
    RecommendationFactory(protocol=protocol, text="Түтүктөрдү жылуулоо керек.")
    context = {
        "protocol": protocol,
        "place": lambda: ", ".join(str(p) for p in (protocol.village, protocol.address) if p),
        "recommendations": list(protocol.recommendations.all()),
    }
    texts = event_texts(event="monitoring.protocol_published", context=context)
    ky, ru = texts["body"].split("\n"), texts["body_ru"].split("\n")
    assert ky[1].endswith("2026-жылдын 1-декабры") and ky[2].endswith("Көктөбө, Борбордук көч., 5")
    assert ru[2].endswith("Коктобо, Борбордук көч., 5")  # the village in the reader's language
    assert ky[3] == "" and ky[4] == protocol.findings and ky[-1] == "— Түтүктөрдү жылуулоо керек."
    assert texts["title_ru"].startswith("Протокол мониторинга: ")


def test_eligibility_message_is_wholly_in_the_applicants_language(
    staff_user, django_capture_on_commit_callbacks
):
    """The status label follows the applicant's language, not the clerk's page (D27)."""
    from django.utils import translation

    applicant = UserFactory(language="ru")
    application = ApplicationFactory(applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        initiatives_services.application_submit(actor=applicant, application=application)
        with translation.override("ky"):
            initiatives_services.application_check(
                actor=staff_user, application=application, eligible=False, reason="Нет сметы"
            )
    application.refresh_from_db()
    message = OutboxMessage.objects.filter(user=applicant).latest("pk")
    assert message.subject.startswith(f"Заявка {application.registration_number}")
    status = Application.Status.INELIGIBLE.label
    with translation.override("ru"):
        assert f": {status}. Нет сметы" in message.body
    receipt = OutboxMessage.objects.filter(user=applicant).earliest("pk")
    assert receipt.subject == f"Заявка {application.registration_number} принята"


def test_recommendation_reminder_in_each_staff_members_language(
    django_capture_on_commit_callbacks,
):
    from municipality.services.reminders import reminders_send

    ru = UserFactory(roles=["staff"], language="ru")
    ky = UserFactory(roles=["staff"], language="ky")
    today = timezone.localdate()
    RecommendationFactory(due_date=today - datetime.timedelta(days=9))
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=today)
    assert "мониторинг" in OutboxMessage.objects.get(user=ru).subject.lower()
    assert OutboxMessage.objects.get(user=ru).subject != OutboxMessage.objects.get(user=ky).subject


KERNEL_EVENTS = {
    "municipality.signup_code": {"code": "123456", "username": "aigul"},
    "municipality.phone_code": {"code": "123456"},
    "municipality.account_exists": {"username": "aigul", "login": "L", "reset": "R"},
    "municipality.subscription_confirm": {"code": "123456", "link": "L"},
}


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_kernel_account_and_subscription_messages_keep_their_words(language):
    """The kernel's own messages are registered events with the msgids they had inline."""
    from django.utils import translation
    from django.utils.translation import gettext

    assert set(KERNEL_EVENTS) <= set(messages.message_events())
    text = {
        code: message_render(event=code, context=context, language=language)
        for code, context in KERNEL_EVENTS.items()
    }
    with translation.override(language):
        signup = text["municipality.signup_code"]
        assert signup.subject == gettext("Your sign-up code")
        assert signup.body == gettext(
            "Your code to finish signing up on the portal: %(code)s\n"
            "Your username: %(username)s\n\n"
            "If it was not you, ignore this message: without the code no account is made."
        ) % {"code": "123456", "username": "aigul"}
        assert signup.sms == gettext("Sign-up code: %(code)s") % {"code": "123456"}
        phone = text["municipality.phone_code"]
        assert phone.subject == ""
        assert phone.sms == gettext("Code to confirm your phone: %(code)s") % {"code": "123456"}
        exists = text["municipality.account_exists"]
        assert exists.subject == gettext("You already have an account")
        assert exists.body == gettext(
            "Somebody, perhaps you, tried to sign up on the portal with this e-mail "
            "address. You already have an account; your username is %(username)s.\n"
            "Log in: %(login)s\n"
            "Forgot your password? Set a new one: %(reset)s\n\n"
            "If it was not you, ignore this message."
        ) % {"username": "aigul", "login": "L", "reset": "R"}
        assert exists.sms == gettext("You already have an account on the portal: %(login)s") % {
            "login": "L"
        }
        confirm = text["municipality.subscription_confirm"]
        assert confirm.subject == gettext("Confirm your subscription")
        assert confirm.body == gettext(
            "You asked to receive notices of the municipality at this address.\n"
            "Confirm the subscription: %(link)s\n\n"
            "If it was not you, ignore this message: nothing will be sent."
        ) % {"link": "L"}
        assert confirm.sms == gettext("Subscription code: %(code)s") % {"code": "123456"}
    if language == "ky":
        assert signup.subject == "Катталуу кодуңуз"
        assert confirm.sms == "Жазылуу коду: 123456"
