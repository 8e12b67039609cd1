"""The Telegram channel: the real Bot API adapter against a fake Bot API on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from django.urls import reverse

from municipality.models import Notice, OutboxMessage
from municipality.services.notices import notice_publish
from municipality.services.subscriptions import notice_notify_subscribers
from municipality.telegram import TelegramError, telegram_send

TOKEN = "123456:test-token"


class FakeBotApi:
    """Answers sendMessage like Telegram; the first `fail` calls get a 502."""

    def __init__(self, fail=0):
        self.fail = fail
        self.calls = []
        self.posted = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length))
                fake.calls.append((self.path, payload))
                if self.path != f"/bot{TOKEN}/sendMessage":
                    self._answer(404, {"ok": False, "description": "Not Found"})
                elif len(fake.calls) <= fake.fail:
                    self._answer(502, {"ok": False, "description": "Bad Gateway"})
                else:
                    fake.posted.append(payload)
                    self._answer(200, {"ok": True, "result": {"message_id": len(fake.posted)}})

            def _answer(self, code, data):
                body = json.dumps(data).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def bot():
    fake = FakeBotApi(fail=1)
    with override_settings(
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_CHANNEL="@koktobo_ao", TELEGRAM_API_URL=fake.url
    ):
        yield fake
    fake.stop()


def test_adapter_posts_send_message(bot):
    bot.fail = 0
    assert telegram_send(chat_id="@koktobo_ao", text="Салам, ң ө ү") == 1
    assert bot.posted == [
        {"chat_id": "@koktobo_ao", "text": "Салам, ң ө ү", "disable_web_page_preview": False}
    ]


def test_adapter_raises_on_failure(bot):
    with pytest.raises(TelegramError, match="502"):
        telegram_send(chat_id="@koktobo_ao", text="x")


@pytest.mark.django_db
def test_notice_goes_to_the_channel_once_after_a_failure(
    bot, municipality, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_publish(
            actor=staff_user,
            category=Notice.Category.EMERGENCY,
            title="Сел келе жатат",
            body="Өзөндөн алыс болуңуз.",
            title_ru="Сель",
            body_ru="Держитесь подальше от реки.",
        )
    row = OutboxMessage.objects.get(channel=OutboxMessage.Channel.TELEGRAM)
    assert row.status == OutboxMessage.Status.SENT and row.attempts == 2  # failed, then retried
    assert len(bot.calls) == 2 and len(bot.posted) == 1
    text = bot.posted[0]["text"]
    assert "Сел келе жатат" in text and "Өзөндөн алыс болуңуз." in text and "Сель" in text
    assert f"/notices/{notice.pk}/" in text
    # Notified again (a redelivered task, the beat task): no second row, no second post.
    with django_capture_on_commit_callbacks(execute=True):
        notice_notify_subscribers(notice_id=notice.pk)
    assert OutboxMessage.objects.filter(channel="telegram").count() == 1
    assert len(bot.posted) == 1


@pytest.mark.django_db
def test_nothing_is_sent_when_telegram_is_not_set(
    municipality, staff_user, django_capture_on_commit_callbacks
):
    with override_settings(TELEGRAM_BOT_TOKEN="", TELEGRAM_CHANNEL=""):
        with django_capture_on_commit_callbacks(execute=True):
            notice_publish(actor=staff_user, category=Notice.Category.GENERAL, title="Жыйын")
    assert not OutboxMessage.objects.filter(channel="telegram").exists()


@pytest.mark.django_db
def test_confirmation_page_mentions_the_channel(bot, client, municipality, staff_user):
    from tests.municipality.factories import NoticeFactory

    notice = NoticeFactory(status=Notice.Status.DRAFT)
    client.force_login(staff_user)
    page = client.get(reverse("municipality:office-notice-publish", args=[notice.pk]))
    assert 'class="count-telegram">1<' in page.content.decode()


@pytest.mark.django_db
def test_confirmation_page_shows_the_exact_post_that_goes_to_the_channel(
    bot, client, municipality, staff_user, django_capture_on_commit_callbacks
):
    from django.utils.html import escape

    from municipality.services.subscriptions import notice_telegram_text
    from tests.municipality.factories import NoticeFactory

    notice = NoticeFactory(
        status=Notice.Status.DRAFT,
        category=Notice.Category.GENERAL,
        title="Суу өчүрүлөт",
        body="Бейшембиде саат 9дан 14кө чейин «Ак-Суу» көчөсүндө суу болбойт.",
        title_ru="Отключение воды",
        body_ru="В четверг с 9 до 14 часов на улице «Ак-Суу» не будет воды.",
    )
    client.force_login(staff_user)
    url = reverse("municipality:office-notice-publish", args=[notice.pk])
    page = client.get(url).content.decode()
    text = notice_telegram_text(notice=notice)
    assert "@koktobo_ao" in page and 'class="count-telegram">1<' in page
    shown = page.split('class="telegram-text')[1].split(">", 1)[1].split("</pre>")[0]
    assert shown == escape(text)
    for piece in ("Суу өчүрүлөт", "«Ак-Суу»", "Отключение воды", f"/ky/notices/{notice.pk}/"):
        assert escape(piece) in shown
    # What the page showed is what the channel gets.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm": "yes"}).status_code == 302
    row = OutboxMessage.objects.get(channel=OutboxMessage.Channel.TELEGRAM)
    assert row.body == text
    if bot.posted:
        assert bot.posted[-1]["text"] == text


@pytest.mark.django_db
def test_confirmation_page_has_no_channel_post_when_telegram_is_not_set(
    client, municipality, staff_user
):
    from tests.municipality.factories import NoticeFactory

    notice = NoticeFactory(status=Notice.Status.DRAFT)
    client.force_login(staff_user)
    with override_settings(TELEGRAM_BOT_TOKEN="", TELEGRAM_CHANNEL=""):
        page = client.get(reverse("municipality:office-notice-publish", args=[notice.pk]))
    body = page.content.decode()
    assert "telegram-text" not in body and "count-telegram" not in body
