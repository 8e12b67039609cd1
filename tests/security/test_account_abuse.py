"""Issue 12, items 3, 4, 6 and 10: nobody spends the municipality's SMS and e-mail on a
stranger, nobody locks an account's owner out, sign-up reveals no account, one phone rule.

Every test goes through the views with the Django test client; the SMS gateway is the
in-memory backend. Rate counters live in the cache (locmem here, Redis in production).
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from municipality.models import Notice, OutboxMessage, Subscription, User
from municipality.services.attention import sms_budget_attention
from municipality.services.outbox import user_notify
from municipality.services.sending import SMS_HELD, outbox_requeue
from municipality.services.subscriptions import notice_notify_subscribers
from municipality.sms import MemorySmsBackend
from tests.municipality.factories import NoticeFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/ky/accounts/login/"
SIGNUP = "/ky/accounts/signup/"
PASSWORD = "pass-Word-123"


@pytest.fixture(autouse=True)
def _sms_outbox():
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _subscribe_sms(client, phone):
    return client.post(
        "/ky/subscribe/",
        {"channel": "sms", "phone": phone, "categories": ["general"], "language": "ky"},
    )


def _signup(client, **fields):
    data = {
        "full_name": "Сейитова Айпери",
        "email": "",
        "phone": "",
        "username": "",
        "password1": "Kok-Tobo-2024!",
        "password2": "Kok-Tobo-2024!",
    }
    data.update(fields)
    return client.post(SIGNUP, data)


# --- Item 3: limits per destination ------------------------------------------------------


def test_eleven_code_requests_to_one_number_from_eleven_addresses(municipality, settings):
    """Eleven visitors (eleven client addresses) ask for SMS codes to one stranger's number:
    at most the per-destination daily maximum is queued, and one within the cooldown."""
    settings.CODE_COOLDOWN_SECONDS = 60
    settings.CODE_DAILY_MAX_PER_DESTINATION = 3
    for i in range(11):
        response = _subscribe_sms(_from(f"10.20.0.{i}"), "0700 12-34-56")
        assert response.status_code == 302  # every visitor sees the same answer
    assert OutboxMessage.objects.filter(recipient="+996700123456").count() == 1

    settings.CODE_COOLDOWN_SECONDS = 0  # without the pause, the daily maximum holds
    for i in range(11):
        _subscribe_sms(_from(f"10.21.0.{i}"), "+996 700 123 456")
    assert OutboxMessage.objects.filter(recipient="+996700123456").count() == 3


def test_subscription_e_mails_to_one_address_are_limited(municipality, settings):
    settings.CODE_COOLDOWN_SECONDS = 0
    settings.CODE_DAILY_MAX_PER_DESTINATION = 2
    for i in range(11):
        _from(f"10.22.0.{i}").post(
            "/ky/subscribe/",
            {
                "channel": "email",
                "email": "stranger@example.kg",
                "categories": ["general"],
                "language": "ky",
            },
        )
    assert OutboxMessage.objects.filter(recipient="stranger@example.kg").count() == 2


def test_sign_up_messages_to_one_address_are_limited(municipality, settings):
    """Sign-ups naming the same phone from many addresses send it at most the maximum."""
    settings.CODE_COOLDOWN_SECONDS = 0
    settings.CODE_DAILY_MAX_PER_DESTINATION = 2
    UserFactory(phone="+996555123456")  # the owner, whose phone is confirmed
    for i in range(11):
        assert _signup(_from(f"10.23.0.{i}"), phone="0555 123 456").status_code == 302
        assert _signup(_from(f"10.24.0.{i}"), phone="0700 111 222").status_code == 302
    assert OutboxMessage.objects.filter(recipient="+996555123456").count() == 2
    assert OutboxMessage.objects.filter(recipient="+996700111222").count() == 2


def test_password_reset_links_to_one_address_are_limited(municipality, settings):
    settings.CODE_COOLDOWN_SECONDS = 0
    settings.CODE_DAILY_MAX_PER_DESTINATION = 3
    UserFactory(email="aiperi@example.kg")
    for i in range(11):
        response = _from(f"10.25.0.{i}").post(
            "/ky/accounts/password-reset/", {"email": "aiperi@example.kg"}
        )
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_phone_code_on_the_account_page_is_limited(client, municipality, settings):
    settings.CODE_COOLDOWN_SECONDS = 60
    user = UserFactory(email="temir@example.kg")
    client.force_login(user)
    response = client.post(
        "/ky/accounts/me/edit/",
        {
            "full_name": "Асанов Темир",
            "email": "temir@example.kg",
            "phone": "0700 999 888",
            "language": "ky",
        },
    )
    assert response["Location"] == "/ky/accounts/me/phone/"
    for _ in range(5):
        client.post("/ky/accounts/me/phone/", {"action": "send"})
    assert OutboxMessage.objects.filter(recipient="+996700999888").count() == 1


# --- Item 3: a phone is confirmed before anything is sent to it ---------------------------


def test_logged_in_person_cannot_subscribe_an_unconfirmed_number(client, municipality):
    user = UserFactory(email="", phone="+996700333444", phone_confirmed_at=None)
    client.force_login(user)
    response = _subscribe_sms(client, "0700 333 444")
    assert response["Location"] == "/ky/subscribe/code/"
    subscription = Subscription.objects.get(address="+996700333444")
    assert subscription.confirmed_at is None  # a code, not a confirmation
    message = OutboxMessage.objects.get(recipient="+996700333444")
    code = re.search(r"\d{6}", message.body).group(0)
    assert client.post("/ky/subscribe/code/", {"code": code}).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_a_new_phone_on_the_account_page_gets_only_its_code(client, municipality):
    user = UserFactory(email="", phone="+996555000111")
    client.force_login(user)
    client.post(
        "/ky/accounts/me/edit/",
        {"full_name": "Асанов Темир", "email": "", "phone": "0700 654 321", "language": "ky"},
    )
    user.refresh_from_db()
    assert user.phone == "+996700654321" and user.phone_confirmed_at is None
    user_notify(user=user, subject="Жыйын", body="Эртең жыйын.", idempotency_key="t:1")
    [code_message] = OutboxMessage.objects.filter(recipient="+996700654321")
    assert "Жыйын" not in code_message.body  # the notification was not sent there
    code = re.search(r"\d{6}", code_message.body).group(0)
    response = client.post("/ky/accounts/me/phone/", {"code": code})
    assert response["Location"] == "/ky/accounts/me/"
    user.refresh_from_db()
    assert user.phone_confirmed_at is not None
    user_notify(user=user, subject="Жыйын", body="Эртең жыйын.", idempotency_key="t:2")
    assert OutboxMessage.objects.filter(recipient="+996700654321").count() == 2


def test_sign_up_sends_nothing_but_the_code_to_an_unconfirmed_phone(client, municipality):
    response = _signup(client, phone="0700 111 222")
    assert response["Location"] == "/ky/accounts/signup/code/"
    user = User.objects.get(phone="+996700111222")
    assert not user.is_active and user.phone_confirmed_at is None
    [message] = OutboxMessage.objects.filter(recipient="+996700111222")
    assert re.fullmatch(r"\D*\d{6}\D*", message.body)


# --- Item 3: the daily SMS budget ---------------------------------------------------------


def _sms_subscribers(count):
    for i in range(count):
        Subscription.objects.create(
            channel="sms",
            address=f"+99670000{i:04d}",
            categories=["general"],
            language="ky",
            confirmed_at=timezone.now(),
        )


def test_sms_budget_holds_other_sms_sends_emergencies_and_warns_the_office(
    client, municipality, staff_user, settings, django_capture_on_commit_callbacks
):
    settings.SMS_DAILY_BUDGET = 3
    _sms_subscribers(5)
    client.force_login(staff_user)
    assert sms_budget_attention(staff_user) == []

    notice = NoticeFactory(category=Notice.Category.GENERAL)
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_notify_subscribers(notice_id=notice.pk) == 5
    assert len(MemorySmsBackend.outbox) == 3
    held = OutboxMessage.objects.filter(status="pending", last_error=SMS_HELD)
    assert held.count() == 2
    assert set(held.values_list("attempts", flat=True)) == {0}  # no attempt used up
    [(spent, _url)] = sms_budget_attention(staff_user)
    assert "3" in spent and "2" in spent  # 3 of 3 sent, 2 waiting
    assert escape(spent) in client.get("/ky/office/").content.decode()

    emergency = NoticeFactory(category=Notice.Category.EMERGENCY)
    with django_capture_on_commit_callbacks(execute=True):
        notice_notify_subscribers(notice_id=emergency.pk)
    assert len(MemorySmsBackend.outbox) == 8  # every emergency SMS went, over the budget

    # The next day the held SMS go out (the beat task re-queues them).
    yesterday = timezone.now() - timedelta(days=1)
    OutboxMessage.objects.filter(status="sent").update(sent_at=yesterday)
    later = timezone.now() + timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_requeue(now=later)
    assert len(MemorySmsBackend.outbox) == 10
    assert not OutboxMessage.objects.filter(status="pending").exists()


def test_office_is_warned_at_eighty_percent_of_the_sms_budget(
    client, municipality, staff_user, settings, django_capture_on_commit_callbacks
):
    settings.SMS_DAILY_BUDGET = 5
    _sms_subscribers(4)
    with django_capture_on_commit_callbacks(execute=True):
        notice_notify_subscribers(notice_id=NoticeFactory().pk)
    client.force_login(staff_user)
    [(text, _url)] = sms_budget_attention(staff_user)
    assert "4" in text and "5" in text
    assert escape(text) in client.get("/ky/office/").content.decode()


# --- Item 4: no lockout of the owner by strangers ----------------------------------------


def test_lockout_by_strangers_does_not_lock_out_the_owner(municipality):
    """Ten wrong passwords from ten addresses: the owner, with the right password from an
    address without failures, gets in; the strangers' addresses are locked."""
    UserFactory(username="aiperi", email="aiperi@example.kg", phone="+996555123456")
    identifiers = ["aiperi", "aiperi@example.kg", "0555123456", "+996 555 123 456"]
    for i in range(10):
        stranger = _from(f"10.30.0.{i}")
        response = stranger.post(LOGIN, {"username": identifiers[i % 4], "password": "wrong"})
        assert response.status_code == 200
    owner = _from("10.31.0.1")
    response = owner.post(LOGIN, {"username": "aiperi", "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user.username == "aiperi"
    # A stranger's address that already failed is locked now, even with the password.
    response = _from("10.30.0.3").post(LOGIN, {"username": "aiperi", "password": PASSWORD})
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_ten_failures_for_one_account_from_one_address_lock_that_pair(municipality):
    UserFactory(username="aiperi")
    UserFactory(username="bakyt")
    client = _from("10.32.0.1")
    for _ in range(10):
        client.post(LOGIN, {"username": "aiperi", "password": "wrong"})
    locked = client.post(LOGIN, {"username": "aiperi", "password": PASSWORD})
    assert locked.status_code == 429
    assert "10" in locked.content.decode()
    # The owner elsewhere is not locked out.
    assert (
        _from("10.32.0.2").post(LOGIN, {"username": "aiperi", "password": PASSWORD}).status_code
        == 302
    )


def test_lockout_message_stays_translated(municipality):
    client = _from("10.33.0.1")
    for _ in range(10):
        client.post("/ru/accounts/login/", {"username": "x", "password": "y"})
    response = client.post("/ru/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 429
    assert "10 минут" in response.content.decode()


# --- Item 6: sign-up reveals nothing -----------------------------------------------------


@pytest.mark.parametrize("field", ["email", "phone", "username"])
def test_sign_up_with_an_existing_account_gives_the_same_page(municipality, field):
    UserFactory(username="aiperi", email="aiperi@example.kg", phone="+996555123456")
    taken = {
        "email": {"email": "aiperi@example.kg"},
        "phone": {"phone": "0555 123 456"},
        "username": {"username": "aiperi", "email": "other@example.kg"},
    }[field]
    free = {
        "email": {"email": "free@example.kg"},
        "phone": {"phone": "0700 123 456"},
        "username": {"username": "aiperi_new", "email": "another@example.kg"},
    }[field]
    pages = []
    for i, fields in enumerate((taken, free)):
        client = _from(f"10.40.0.{i}")
        response = _signup(client, **fields)
        assert response.status_code == 302
        page = client.get(response["Location"])
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())
        pages.append((response["Location"], page.status_code, html))
    assert pages[0] == pages[1]


def test_sign_up_with_an_existing_email_tells_the_owner(municipality):
    UserFactory(username="aiperi", email="aiperi@example.kg")
    _signup(_from("10.41.0.1"), email="AIPERI@example.kg")
    assert User.objects.count() == 1
    [message] = OutboxMessage.objects.filter(recipient="aiperi@example.kg")
    assert "aiperi" in message.body and "/ky/accounts/password-reset/" in message.body


# --- Item 10: one phone rule ------------------------------------------------------------


@pytest.mark.parametrize("typed", ["555123456", "0555 12-34-56", "+996 (555) 123-456"])
def test_one_phone_rule_for_sign_up_log_in_and_subscriptions(municipality, typed):
    _signup(_from("10.50.0.1"), phone=typed)
    user = User.objects.get()
    assert user.phone == "+996555123456"
    user.is_active = True  # as after the code
    user.set_password(PASSWORD)
    user.save()
    response = _from("10.50.0.2").post(LOGIN, {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    _subscribe_sms(_from("10.50.0.3"), typed)
    assert Subscription.objects.get().address == "+996555123456"


def test_subscription_refuses_a_number_that_is_not_a_phone(client, municipality):
    response = _subscribe_sms(client, "12345")
    assert response.status_code == 200 and response.context["form"].errors["phone"]
    assert not Subscription.objects.exists()


def test_application_contact_phone_follows_the_one_phone_rule(client, municipality, resident):
    from initiatives.models import Application, Contest
    from tests.initiatives.factories import ContestFactory
    from tests.initiatives.test_views import form_data

    contest = ContestFactory(status=Contest.Status.ACCEPTING)
    client.force_login(resident)
    url = f"/ky/initiatives/{contest.pk}/apply/"
    response = client.post(url, form_data(contest, contact_phone="12ab"))
    assert response.status_code == 200
    assert response.context["form"].errors["contact_phone"]
    response = client.post(url, form_data(contest, contact_phone="555 12-34-56"))
    assert response.status_code == 302
    assert Application.objects.get().contact_phone == "+996555123456"


def test_an_e_mail_typed_on_the_account_page_is_not_subscribed_without_its_link(
    client, municipality
):
    user = UserFactory(email="me@example.kg")
    client.force_login(user)
    client.post(
        "/ky/accounts/me/edit/",
        {"full_name": "Асанов Темир", "email": "stranger@example.kg", "language": "ky"},
    )
    user.refresh_from_db()
    assert user.email == "stranger@example.kg" and user.email_confirmed_at is None
    client.post(
        "/ky/subscribe/",
        {
            "channel": "email",
            "email": "stranger@example.kg",
            "categories": ["general"],
            "language": "ky",
        },
    )
    subscription = Subscription.objects.get(address="stranger@example.kg")
    assert subscription.confirmed_at is None
    [link] = OutboxMessage.objects.filter(recipient="stranger@example.kg")
    assert "/subscribe/confirm/" in link.body or subscription.token in link.body


def test_sign_ups_never_confirmed_are_deleted_after_their_code_expires(municipality):
    from municipality.models import ConfirmationCode
    from municipality.services.accounts import signups_expired_delete

    _signup(_from("10.60.0.1"), email="late@example.kg")
    active = UserFactory(email="active@example.kg")
    assert signups_expired_delete() == 0
    ConfirmationCode.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert signups_expired_delete() == 1
    assert list(User.objects.all()) == [active]
