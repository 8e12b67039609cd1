"""Settings of the real Celery worker started by tests/worker (never used by pytest itself).

The worker connects to the test database named in DATABASE_URL and the broker in
CELERY_BROKER_URL; messages go to files the test reads back.
"""

from municipality.settings.test import *  # noqa: F403
from municipality.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS, env

CELERY_TASK_ALWAYS_EAGER = False
SMS_BACKEND = "tests.worker.backends.SlowFileSmsBackend"
SMS_FILE_PATH = env("SMS_FILE_PATH")
EMAIL_BACKEND = "tests.worker.backends.JsonlEmailBackend"
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
# Unacknowledged tasks of a killed worker come back after 10 s instead of 5 minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "visibility_timeout": 10}
# These tests send a thousand SMS to count losses and duplicates, not to spend a budget:
# the daily SMS budget (tests/security/test_account_abuse.py) would hold all after 300.
SMS_DAILY_BUDGET = 10**6
