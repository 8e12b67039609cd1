"""Operations at a glance: /healthz reports the worker's heartbeat, the age of the last
backup and of the certificate; the office warns staff when the backup is old or the worker
silent; nightly backups keep 7 daily, 4 weekly and 12 monthly folders."""

import datetime
import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from municipality.services import operations
from tests.municipality.factories import UserFactory

pytestmark = pytest.mark.django_db

OFFICE = "/ky/office/"


def _backup(base, when: datetime.datetime):
    folder = base / when.strftime(operations.STAMP_FORMAT)
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"created": when.isoformat()}))
    return folder


@pytest.fixture
def backups(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_DIR.mkdir()
    return settings.BACKUP_DIR


@pytest.fixture
def with_worker(settings):
    """A broker and no eager tasks: a worker is expected to beat."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens: broker error
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.delete(operations.HEARTBEAT_KEY)
    yield
    cache.delete(operations.HEARTBEAT_KEY)


def test_retention_keeps_7_daily_4_weekly_12_monthly(backups):
    now = datetime.datetime(2026, 12, 4, 2, 30, tzinfo=datetime.UTC)
    for day in range(500):
        _backup(backups, now - datetime.timedelta(days=day))
    removed = operations.backup_prune(base=backups)
    kept = [stamp for stamp, _ in operations.backup_folders(base=backups)]
    assert len(removed) + len(kept) == 500
    # 7 days, then the newest of 4 ISO weeks and of 12 months (some coincide)
    assert kept[:7] == [now - datetime.timedelta(days=d) for d in range(7)]
    months = {(s.year, s.month) for s in kept}
    assert len(months) == 12
    weeks = {s.isocalendar()[:2] for s in kept}
    assert len(weeks) >= 4
    assert len(kept) <= 7 + 4 + 12
    assert min(kept) > now - datetime.timedelta(days=366)
    # a second run removes nothing more
    assert operations.backup_prune(base=backups) == []


def test_retention_leaves_unfinished_and_foreign_folders(backups):
    (backups / "20200101T000000Z").mkdir()  # no manifest: a backup cut short
    (backups / "notes").mkdir()
    for day in range(10):
        _backup(
            backups,
            datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(days=day),
        )
    operations.backup_prune(base=backups)
    assert (backups / "20200101T000000Z").exists() and (backups / "notes").exists()


def test_healthz_reports_backup_age_and_worker_heartbeat(client, backups, with_worker):
    _backup(backups, datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=5))
    silent = client.get("/healthz")
    state = silent.json()
    assert state["worker"] == {"state": "silent", "heartbeat_age_seconds": None}
    assert state["backup"]["state"] == "ok"
    assert 4.9 < state["backup"]["age_hours"] < 5.1

    from municipality.tasks import worker_heartbeat_task

    worker_heartbeat_task.apply()
    beating = client.get("/healthz")
    assert beating.json()["worker"]["state"] == "ok"
    assert beating.json()["worker"]["heartbeat_age_seconds"] < 5
    # only the database and the broker decide the status, never the heartbeat
    assert beating.status_code == silent.status_code


def test_an_old_backup_never_fails_the_health_check(client, backups):
    _backup(backups, datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=30))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["backup"]["state"] == "stale"
    assert response.json()["database"] == "ok"


def test_healthz_reports_the_days_left_on_the_certificate(client, tmp_path, settings):
    if not shutil.which("openssl"):
        pytest.skip("needs openssl")
    cert = tmp_path / "fullchain.pem"
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "10",
         "-subj", "/CN=jamaat.test", "-keyout", str(tmp_path / "key.pem"), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    settings.TLS_CERTIFICATE_PATH = str(cert)
    state = client.get("/healthz").json()
    assert state["certificate"]["state"] == "expiring"
    assert 9.9 < state["certificate"]["days_left"] <= 10
    settings.TLS_CERTIFICATE_PATH = str(tmp_path / "missing.pem")
    assert client.get("/healthz").json()["certificate"] == {"state": "missing", "days_left": None}


def test_office_warns_staff_when_the_last_backup_is_older_than_two_days(
    client, municipality, backups, settings
):
    settings.BACKUP_MONITOR = True
    client.force_login(UserFactory(roles=["staff"]))
    (never,) = operations_items()
    assert never[0] in client.get(OFFICE).content.decode()

    _backup(backups, datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=60))
    ((old, _url),) = operations_items()
    assert " 2 " in old and old != never[0]
    assert old in client.get(OFFICE).content.decode()

    _backup(backups, datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=20))
    assert operations_items() == []


def operations_items():
    from municipality.services.attention import operations_attention

    return operations_attention(UserFactory(roles=["staff"]))


def test_office_says_nothing_about_backups_where_they_are_not_watched(backups, settings):
    settings.BACKUP_MONITOR = False
    assert operations_items() == []


def test_office_warns_staff_when_the_worker_is_silent(client, municipality, with_worker):
    settings_backup_off = operations_items()
    assert len(settings_backup_off) == 1
    cache.set(operations.HEARTBEAT_KEY, time.time() - 3600)
    assert operations_items() == settings_backup_off
    cache.set(operations.HEARTBEAT_KEY, time.time() - 10)
    assert operations_items() == []
    client.force_login(UserFactory(roles=["staff"]))
    cache.delete(operations.HEARTBEAT_KEY)
    assert settings_backup_off[0][0] in client.get(OFFICE).content.decode()


def test_beat_schedules_the_nightly_backup_and_the_heartbeat():
    from municipality.celery import app

    schedule = app.conf.beat_schedule
    nightly = schedule["backup-nightly"]
    assert nightly["task"] == "municipality.tasks.backup_nightly_task"
    assert nightly["schedule"].hour == {2} and nightly["schedule"].minute == {30}
    assert schedule["worker-heartbeat"]["task"] == "municipality.tasks.worker_heartbeat_task"


def test_nightly_backup_prunes_and_copies_off_the_server(backups, settings, tmp_path):
    if not shutil.which("restic"):
        pytest.skip("needs restic (make system-deps)")
    old = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    for day in range(10):
        _backup(backups, old - datetime.timedelta(days=day))
    settings.RESTIC_REPOSITORY = str(tmp_path / "restic")
    settings.RESTIC_PASSWORD = "nightly-test"  # noqa: S105

    before = sorted((p.name for _, p in operations.backup_folders(base=backups)), reverse=True)

    from municipality.tasks import backup_nightly_task

    result = backup_nightly_task.apply().get()
    folders = [p.name for _, p in operations.backup_folders(base=backups)]
    assert folders[0] == Path(result["folder"]).name
    # 11 daily backups: tonight's and the 6 days before stay; of the 4 older ones at most a
    # week's and a month's newest stay (which ones depends on today's date)
    assert folders[:7] == [folders[0], *before[:6]]
    assert len(folders) + len(result["removed"]) == 11
    assert set(result["removed"]) <= set(before[6:]) and len(result["removed"]) >= 2
    assert result["snapshot"]
    listing = operations.restic(args=["snapshots", "--json"])
    assert [s["paths"][-1].endswith(folders[0]) for s in json.loads(listing)] == [True]
    assert operations.backup_age_hours() < 0.1
    assert operations.backup_offsite_age_hours() < 0.1

    # restic keeps the same retention: a second backup on the same day replaces the first
    second = _backup(backups, datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=1))
    operations.backup_offsite(folder=second)
    listing = json.loads(operations.restic(args=["snapshots", "--json"]))
    assert [s["paths"][-1].endswith(second.name) for s in listing] == [True]


def test_healthz_answers_when_the_cache_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/1",  # nothing listens
        }
    }
    response = client.get("/healthz")
    assert response.json()["worker"] == {"state": "silent", "heartbeat_age_seconds": None}
    assert response.json()["database"] == "ok"


def test_office_warns_when_backups_stop_leaving_the_server(client, backups, settings):
    settings.BACKUP_MONITOR = True
    settings.RESTIC_REPOSITORY = "sftp:backup@example.kg:/srv/jamaat"
    settings.RESTIC_PASSWORD = "x"  # noqa: S105
    _backup(backups, datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=3))
    ((never, _url),) = operations_items()
    assert client.get("/healthz").json()["offsite"] == {"state": "stale", "age_hours": None}

    marker = backups / operations.OFFSITE_MARKER
    old = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=50)
    marker.write_text(json.dumps({"snapshot": "abc", "at": old.isoformat()}))
    assert operations_items() == [(never, _url)]

    marker.write_text(
        json.dumps({"snapshot": "abc", "at": datetime.datetime.now(datetime.UTC).isoformat()})
    )
    assert operations_items() == []
    assert client.get("/healthz").json()["offsite"]["state"] == "ok"

    settings.RESTIC_REPOSITORY = ""  # not configured: nothing to watch
    marker.unlink()
    assert operations_items() == []
    assert "offsite" not in client.get("/healthz").json()
