"""SMS backends: the edge of the world, behind one small interface.

    get_sms_backend().send(phone="+996700123456", text="…", key="notice:7:sub:3")

`key` is the outbox row's idempotency key. Backends pass it on to the gateway
(the HTTP adapter sends it as `id`, the file backend records it), so a gateway
that de-duplicates by client reference never delivers one row twice, even when
a worker dies after the gateway accepted the message but before the row was
marked sent. Settings: `SMS_BACKEND` (a class path), `SMS_GATEWAY_URL`,
`SMS_GATEWAY_KEY`, `SMS_FILE_PATH`.

`sms_segments(text)` is what one message costs: GSM-7 text fits 160 characters
in one SMS (153 per part when split); anything else — Kyrgyz and Russian
Cyrillic included — is sent as UCS-2, 70 characters (67 per part when split).
"""

import fcntl
import json
import math
import os
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

# GSM 03.38 default alphabet (one septet each) and its extension table (two septets each).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")


def sms_encoding(text: str) -> str:
    """ "gsm7" when every character is in the GSM alphabet, otherwise "ucs2"."""
    if all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in text):
        return "gsm7"
    return "ucs2"


def sms_length(text: str) -> int:
    """Length in the units the network counts: septets for GSM-7, UTF-16 code units for UCS-2."""
    if sms_encoding(text) == "gsm7":
        return sum(2 if char in GSM7_EXTENDED else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def sms_segments(text: str) -> int:
    """How many SMS parts the text is billed as (0 for an empty text)."""
    length = sms_length(text or "")
    if length == 0:
        return 0
    single, part = (160, 153) if sms_encoding(text) == "gsm7" else (70, 67)
    if length <= single:
        return 1
    return math.ceil(length / part)


class SmsError(Exception):
    """The gateway refused the message or could not be reached; the outbox retries."""


class BaseSmsBackend:
    def send(self, *, phone: str, text: str, key: str = "") -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, phone: str, text: str, key: str = "") -> None:
        print(f"SMS to {phone} [{key}]: {text}")


class MemorySmsBackend(BaseSmsBackend):
    """Keeps sent messages in `outbox`, for tests."""

    outbox: list[dict] = []

    def send(self, *, phone: str, text: str, key: str = "") -> None:
        MemorySmsBackend.outbox.append({"phone": phone, "text": text, "key": key})


def sms_file_path() -> Path:
    configured = getattr(settings, "SMS_FILE_PATH", "") or os.environ.get("SMS_FILE_PATH", "")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "build" / "sms.jsonl"


class FileSmsBackend(BaseSmsBackend):
    """Appends one JSON line per message to `SMS_FILE_PATH`, for development and the worker test.

    Like a gateway that honours a client reference, it records a key once: a second
    delivery of the same key (a worker killed between the gateway and the status
    update) is written to `<file>.duplicates` instead, so it can be counted.
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else sms_file_path()

    def send(self, *, phone: str, text: str, key: str = "") -> None:
        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"key": key, "phone": phone, "text": text, "at": timezone.now().isoformat()}
        with open(path, "a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                seen = key and any(
                    json.loads(line).get("key") == key for line in handle if line.strip()
                )
                target = handle
                if seen:
                    target = open(f"{path}.duplicates", "a", encoding="utf-8")
                target.write(json.dumps(record, ensure_ascii=False) + "\n")
                target.flush()
                os.fsync(target.fileno())
                if seen:
                    target.close()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class HttpGatewaySmsBackend(BaseSmsBackend):
    """POSTs JSON `{"to", "text", "id"}` to `SMS_GATEWAY_URL`, `SMS_GATEWAY_KEY` as bearer token.

    Any 2xx answer is a success; anything else (or no answer within the timeout)
    raises SmsError, and the outbox retries with backoff.
    """

    timeout = 15

    def __init__(self, url: str | None = None, key: str | None = None):
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.key = key if key is not None else settings.SMS_GATEWAY_KEY

    def send(self, *, phone: str, text: str, key: str = "") -> None:
        if not self.url.startswith(("http://", "https://")):
            raise SmsError("SMS_GATEWAY_URL is not an http(s) address")
        payload = json.dumps({"to": phone, "text": text, "id": key}, ensure_ascii=False)
        request = urllib.request.Request(
            self.url,
            data=payload.encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.key}",
                "Idempotency-Key": key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
                answer = response.read(2000).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace")
            raise SmsError(f"gateway answered {exc.code}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SmsError(f"gateway unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"gateway answered {status}: {answer}")


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
