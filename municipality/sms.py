"""SMS backends: the edge of the world, behind one small interface."""

from django.conf import settings
from django.utils.module_loading import import_string


class BaseSmsBackend:
    def send(self, *, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, phone: str, text: str) -> None:
        print(f"SMS to {phone}: {text}")


class MemorySmsBackend(BaseSmsBackend):
    """Keeps sent messages in `outbox`, for tests."""

    outbox: list[dict] = []

    def send(self, *, phone: str, text: str) -> None:
        MemorySmsBackend.outbox.append({"phone": phone, "text": text})


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
