"""Gateways for the worker test: they record what reaches them, one line per idempotency key.

Like a gateway that honours a client reference, a key seen before is not delivered
again but written to `<file>.duplicates`, so the test can count both.
"""

import os
import time

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from municipality.sms import FileSmsBackend


def _pause():
    time.sleep(float(os.environ.get("WORKER_TEST_SEND_DELAY", "0.02")))


class SlowFileSmsBackend(FileSmsBackend):
    def send(self, *, phone, text, key=""):
        _pause()
        super().send(phone=phone, text=text, key=key)


class JsonlEmailBackend(BaseEmailBackend):
    """Records each e-mail as {"key", "phone": recipient, "text": subject} in EMAIL_FILE_PATH."""

    def send_messages(self, email_messages):
        recorder = FileSmsBackend(path=settings.EMAIL_FILE_PATH)
        for message in email_messages:
            _pause()
            key = message.extra_headers.get("X-Jamaat-Key", "")
            recorder.send(phone=message.to[0], text=message.subject, key=key)
        return len(email_messages)
