"""Subscriptions: subscribe, confirm by link or code, unsubscribe; notices reach subscribers."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from municipality.models import Notice, OutboxMessage, Subscription
from municipality.services import notice_publish
from municipality.services.subscriptions import (
    notice_notify_subscribers,
    notices_notify_due,
    subscription_request,
)
from municipality.sms import MemorySmsBackend
from tests.municipality.factories import NoticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms_outbox():
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


def _confirmed(channel, address, categories, language):
    return Subscription.objects.create(
        channel=channel,
        address=address,
        categories=categories,
        language=language,
        confirmed_at=timezone.now(),
    )


def _link(text, name):
    match = re.search(r"http://\S+/" + name + r"/\S+/", text)
    assert match, text
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_email_subscription_is_confirmed_by_the_link(
    client, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ky/subscribe/",
            {
                "channel": "email",
                "email": "Visitor@Example.kg",
                "categories": ["hearing", "plan"],
                "language": "ru",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/ky/subscribe/sent/"
    subscription = Subscription.objects.get()
    assert subscription.address == "visitor@example.kg"
    assert subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    confirm = _link(mail.outbox[0].body, "subscribe/confirm")
    assert confirm.startswith("/ru/")  # in the subscriber's language

    # Unconfirmed: a notice reaches nobody.
    notice = NoticeFactory(category=Notice.Category.HEARING)
    assert notice_notify_subscribers(notice_id=notice.pk) == 0

    page = client.get(confirm)
    assert page.status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # GET does not confirm (mail scanners)
    assert client.post(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_phone_subscription_is_confirmed_by_the_sms_code(
    client, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ky/subscribe/",
            {
                "channel": "sms",
                "phone": "0700 12-34-56",
                "categories": ["general"],
                "language": "ky",
            },
        )
    assert response["Location"] == "/ky/subscribe/code/"
    subscription = Subscription.objects.get()
    assert subscription.address == "+996700123456"
    [sms] = MemorySmsBackend.outbox
    code = re.search(r"\d{6}", sms["text"]).group(0)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/ky/subscribe/code/", {"code": wrong})
    assert response.status_code == 200 and "code" in response.context["form"].errors
    subscription.refresh_from_db()
    assert subscription.confirm_attempts == 1 and subscription.confirmed_at is None
    response = client.post("/ky/subscribe/code/", {"code": code})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_code_attempts_are_limited(municipality, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied, ValidationError

    from municipality.services.subscriptions import subscription_confirm

    subscription = subscription_request(
        channel="sms", address="+996700999888", categories=["general"], language="ky"
    )
    for _ in range(5):
        with pytest.raises(ValidationError):
            subscription_confirm(subscription=subscription, code="x")
    with pytest.raises(PermissionDenied):
        subscription_confirm(subscription=subscription, code="x")


def test_form_shows_errors_and_keeps_input(client, municipality):
    response = client.post("/ky/subscribe/", {"channel": "sms", "phone": "12ab", "language": "ky"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "phone" in form.errors and "categories" in form.errors
    assert 'value="12ab"' in response.content.decode()
    assert Subscription.objects.count() == 0


def test_a_resident_subscribing_their_own_email_is_confirmed(client, municipality):
    user = UserFactory(email="me@example.kg", language="ru")
    client.force_login(user)
    response = client.post(
        "/ru/subscribe/",
        {
            "channel": "email",
            "email": "me@example.kg",
            "categories": ["contest"],
            "language": "ru",
        },
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at and subscription.user == user
    assert mail.outbox == []
    html = client.get("/ru/accounts/me/").content.decode()
    assert f"/ru/unsubscribe/{subscription.token}/" in html


def test_somebody_elses_confirmed_subscription_is_not_changed(municipality):
    existing = _confirmed("email", "owner@example.kg", ["plan"], "ky")
    subscription_request(
        channel="email", address="owner@example.kg", categories=["general"], language="ru"
    )
    existing.refresh_from_db()
    assert existing.categories == ["plan"] and existing.language == "ky"


def test_publishing_notifies_subscribers_once_in_their_language(
    municipality, staff_user, django_capture_on_commit_callbacks
):
    ky = _confirmed("email", "ky@example.kg", ["hearing"], "ky")
    ru = _confirmed("sms", "+996700000001", ["hearing", "plan"], "ru")
    _confirmed("email", "other@example.kg", ["contest"], "ru")
    Subscription.objects.create(
        channel="email", address="unconfirmed@example.kg", categories=["hearing"], language="ky"
    )
    # `title=` fills the active language's field (modeltranslation); staff publish under /ky/.
    with django_capture_on_commit_callbacks(execute=True), translation.override("ky"):
        notice = notice_publish(
            actor=staff_user,
            category=Notice.Category.HEARING,
            title="Бюджет боюнча угуу",
            body="Угуу жума күнү өтөт.",
            title_ru="Слушания по бюджету",
            body_ru="Слушания пройдут в пятницу.",
        )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ky@example.kg"]
    assert "Бюджет боюнча угуу" in email.subject and "Угуу жума күнү өтөт." in email.body
    assert f"/ky/unsubscribe/{ky.token}/" in email.body
    assert email.extra_headers["List-Unsubscribe"].endswith(f"/ky/unsubscribe/{ky.token}/>")
    assert len(MemorySmsBackend.outbox) == 1
    sms = MemorySmsBackend.outbox[0]
    assert "Слушания по бюджету" in sms["text"]
    assert f"/ru/unsubscribe/{ru.token}/" in sms["text"]
    assert sms["key"] == f"notice:{notice.pk}:sub:{ru.pk}"

    # Running the notification again (a redelivered task, the beat task) sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        notice_notify_subscribers(notice_id=notice.pk)
        notices_notify_due()
    assert len(mail.outbox) == 1 and len(MemorySmsBackend.outbox) == 1
    assert OutboxMessage.objects.filter(status="sent").count() == 2


def test_emergency_notices_reach_every_subscriber(
    municipality, django_capture_on_commit_callbacks
):
    _confirmed("email", "a@example.kg", ["plan"], "ky")
    _confirmed("email", "b@example.kg", ["contest"], "ru")
    notice = NoticeFactory(category=Notice.Category.EMERGENCY)
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_notify_subscribers(notice_id=notice.pk) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.kg", "b@example.kg"]


def test_future_notice_waits_for_its_date(municipality, django_capture_on_commit_callbacks):
    _confirmed("email", "a@example.kg", ["general"], "ky")
    notice = NoticeFactory(publish_at=timezone.now() + timezone.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_notify_subscribers(notice_id=notice.pk) == 0
        assert notices_notify_due(now=timezone.now() + timezone.timedelta(hours=3)) == 1


def test_notify_reads_once_and_writes_one_row_per_subscriber(municipality):
    """Reading subscribers (and their users) and writing their rows is constant: the rows go
    in one bulk INSERT and are queued in batches (issue 19: 10 000 subscribers in a minute).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(size):
        Subscription.objects.all().delete()
        notice = NoticeFactory(category=Notice.Category.GENERAL)
        for n in range(size):
            sub = _confirmed("email", f"s{size}-{n}@example.kg", ["general"], "ky")
            sub.user = UserFactory()
            sub.save()
        with CaptureQueriesContext(connection) as context:
            assert notice_notify_subscribers(notice_id=notice.pk) == size
        return len(context)

    small, large = queries(2), queries(5)
    assert large == small
    assert OutboxMessage.objects.filter(idempotency_key__contains=":sub:").count() == 7


def test_unsubscribe_link_without_login(client, municipality):
    subscription = _confirmed("email", "a@example.kg", ["plan"], "ky")
    url = reverse("municipality:unsubscribe", args=[subscription.token])
    page = client.get(url)
    assert page.status_code == 200 and "a@example.kg" in page.content.decode()
    assert Subscription.objects.count() == 1  # GET changes nothing
    response = client.post(url, {"action": "update", "categories": ["plan", "hearing"]})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.categories == ["plan", "hearing"]
    response = client.post(url, {"action": "update"})
    assert response.status_code == 200 and "categories" in response.context["form"].errors
    assert client.post(url, {"action": "cancel"}).status_code == 200
    assert Subscription.objects.count() == 0
    assert client.get(url).status_code == 404
    assert client.get("/ky/unsubscribe/" + "x" * 300 + "/").status_code == 404


def test_staff_see_the_sms_cost_of_a_draft_before_publishing(client, municipality, staff_user):
    from municipality.services.subscriptions import notice_notify_subscribers, notice_sms_text
    from municipality.sms import sms_segments

    notice = NoticeFactory(status=Notice.Status.DRAFT, title="Суу түтүгү оңдолот " * 3)
    text = notice_sms_text(notice=notice)
    assert sms_segments(text) >= 2  # Cyrillic: 70 characters per SMS
    client.force_login(staff_user)
    url = reverse("municipality:office-notice-edit", args=[notice.pk])
    html = client.get(url).content.decode()
    assert "sms-cost" in html and f": {sms_segments(text)} " in html
    assert notice_notify_subscribers(notice_id=notice.pk) == 0  # drafts notify nobody


@pytest.mark.parametrize("page", ["form", "errors", "sent", "code", "confirm", "manage", "gone"])
def test_kyrgyz_subscription_pages_have_no_english_words(client, municipality, resident, page):
    from tests.municipality.test_kyrgyz_pages import _english_words

    email_sub = Subscription.objects.create(
        channel="email", address="a@example.kg", categories=["plan"], language="ky"
    )
    client.force_login(resident)
    if page == "errors":
        response = client.post("/ky/subscribe/", {"channel": "sms", "phone": "x"})
    else:
        url = {
            "form": "/ky/subscribe/",
            "sent": "/ky/subscribe/sent/",
            "code": "/ky/subscribe/code/",
            "confirm": f"/ky/subscribe/confirm/{email_sub.token}/",
            "manage": f"/ky/unsubscribe/{email_sub.token}/",
            "gone": "/ky/unsubscribe/nothing/",
        }[page]
        response = client.get(url)
    assert response.status_code in (200, 404)
    html = response.content.decode().replace("a@example.kg", "")  # the address is data
    assert _english_words(html) == set()
