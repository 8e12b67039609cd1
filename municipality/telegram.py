"""The municipality's Telegram channel: the Bot API `sendMessage`, nothing else.

Set TELEGRAM_BOT_TOKEN and TELEGRAM_CHANNEL (e.g. "@koktobo_ao" or a numeric chat id) and
every published notice is also posted to the channel, through the outbox like e-mail and
SMS (municipality.services.sending): one row per notice, retried with backoff, marked SENT
once. When either setting is empty nothing is queued or sent.

The Bot API has no client reference to de-duplicate by; a row is posted again only when
the previous attempt got no "ok" answer.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings

#: Telegram refuses longer texts.
TEXT_MAX = 4096


class TelegramError(Exception):
    """The Bot API refused the message or could not be reached; the outbox retries."""


def telegram_configured() -> bool:
    return bool(
        getattr(settings, "TELEGRAM_BOT_TOKEN", "") and getattr(settings, "TELEGRAM_CHANNEL", "")
    )


def telegram_send(*, chat_id: str, text: str, timeout: int = 15) -> int:
    """Post `text` to the chat with `sendMessage`; returns Telegram's message_id."""
    token = settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise TelegramError("TELEGRAM_BOT_TOKEN is not set")
    base = settings.TELEGRAM_API_URL.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise TelegramError("TELEGRAM_API_URL is not an http(s) address")
    payload = json.dumps(
        {"chat_id": chat_id, "text": text[:TEXT_MAX], "disable_web_page_preview": False},
        ensure_ascii=False,
    )
    request = urllib.request.Request(
        f"{base}/bot{token}/sendMessage",
        data=payload.encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = response.read(20000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace")
        raise TelegramError(f"Bot API answered {exc.code}: {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise TelegramError(f"Bot API unreachable: {exc}") from exc
    try:
        data = json.loads(answer)
    except ValueError as exc:
        raise TelegramError(f"Bot API answered something else than JSON: {answer[:200]}") from exc
    if not data.get("ok"):
        raise TelegramError(f"Bot API refused: {data.get('description', answer[:200])}")
    return int((data.get("result") or {}).get("message_id") or 0)
