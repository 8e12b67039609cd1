"""Operations: the worker's heartbeat, the nightly backup with its retention and its
encrypted copy off the server (restic), and the ages /healthz and the office report.

- beat queues `worker_heartbeat_task` every minute; the worker that runs it writes the
  time into the cache, so a fresh heartbeat proves both beat and a worker alive;
- beat queues `backup_nightly_task` at 02:30 Bishkek time: `backup_site` into
  BACKUP_DIR/<UTC timestamp>/, then `backup_prune` (7 daily, 4 weekly, 12 monthly), then,
  when RESTIC_REPOSITORY and RESTIC_PASSWORD are set, `backup_offsite` (restic backup +
  restic forget with the same retention);
- `restore_site --restic SNAPSHOT` brings a copy back (`make restore SNAPSHOT=latest`).
"""

import datetime
import json
import logging
import os
import shutil
import ssl
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "operations:worker-heartbeat"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
RESTIC_TAG = "jamaat"
OFFSITE_MARKER = ".offsite.json"


class OffsiteFailed(RuntimeError):
    pass


# --- worker heartbeat --------------------------------------------------------------------


def worker_heartbeat_record() -> float:
    """Record that the Celery worker is alive now; returns the timestamp."""
    now = time.time()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    return now


def worker_heartbeat_age() -> float | None:
    """Seconds since a worker last ran the heartbeat task; None if never (or cache lost)."""
    stamp = cache.get(HEARTBEAT_KEY)
    return None if stamp is None else max(0.0, time.time() - float(stamp))


def worker_expected() -> bool:
    """Only with a broker is there a worker to expect (`make run` runs tasks in-process)."""
    return bool(settings.CELERY_BROKER_URL) and not settings.CELERY_TASK_ALWAYS_EAGER


def worker_silent() -> bool:
    """Whether an expected worker has not reported for too long."""
    if not worker_expected():
        return False
    age = worker_heartbeat_age()
    return age is None or age > settings.WORKER_SILENT_AFTER_SECONDS


# --- backups -----------------------------------------------------------------------------


def _stamp(path: Path) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(path.name, STAMP_FORMAT).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def backup_folders(*, base: Path | None = None) -> list[tuple[datetime.datetime, Path]]:
    """Complete backups (a manifest was written last) under BACKUP_DIR, newest first."""
    base = Path(base or settings.BACKUP_DIR)
    if not base.is_dir():
        return []
    found = []
    for path in base.iterdir():
        stamp = _stamp(path)
        if stamp is not None and (path / "manifest.json").is_file():
            found.append((stamp, path))
    return sorted(found, reverse=True)


def backup_latest_at() -> datetime.datetime | None:
    """When the newest local backup was made, from its manifest."""
    folders = backup_folders()
    if not folders:
        return None
    try:
        manifest = json.loads((folders[0][1] / "manifest.json").read_text(encoding="utf-8"))
        return datetime.datetime.fromisoformat(manifest["created"])
    except (OSError, ValueError, KeyError):
        return folders[0][0]


def backup_age_hours() -> float | None:
    """Hours since the newest local backup, None when there is none."""
    latest = backup_latest_at()
    if latest is None:
        return None
    return (datetime.datetime.now(datetime.UTC) - latest).total_seconds() / 3600


def backup_stale() -> bool:
    """Whether the newest backup is missing or older than the allowed age."""
    age = backup_age_hours()
    return age is None or age > settings.BACKUP_STALE_AFTER_HOURS


def backup_prune(
    *,
    base: Path | None = None,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> list[Path]:
    """Delete the backups no rule keeps: the newest of each of the last `daily` days, of
    the last `weekly` ISO weeks and of the last `monthly` months that have a backup."""
    folders = backup_folders(base=base)
    keep: set[Path] = set()
    rules = [
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ]
    for count, period in rules:
        seen = []
        for stamp, path in folders:
            key = period(stamp)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(path)
    removed = []
    for _when, path in folders:
        if path not in keep:
            shutil.rmtree(path)
            removed.append(path)
    return removed


def restic_configured() -> bool:
    """Whether an off-site restic repository and password are set."""
    return bool(settings.RESTIC_REPOSITORY and settings.RESTIC_PASSWORD)


def restic(*, args: list[str], cwd: Path | None = None, timeout: int = 3600) -> str:
    """Run restic with `args` against the configured repository; raise OffsiteFailed on error."""
    env = {
        **os.environ,
        "RESTIC_REPOSITORY": settings.RESTIC_REPOSITORY,
        "RESTIC_PASSWORD": settings.RESTIC_PASSWORD,
    }
    binary = shutil.which("restic")
    if binary is None:
        raise OffsiteFailed("restic is not installed")
    result = subprocess.run(  # noqa: S603
        [binary, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise OffsiteFailed(f"restic {args[0]} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def backup_offsite(*, folder: Path) -> str:
    """Send one backup folder, encrypted, to the restic repository (created on first use),
    then forget copies beyond the retention. Returns the new snapshot's id."""
    try:
        restic(args=["cat", "config"], timeout=120)
    except OffsiteFailed:
        restic(args=["init"], timeout=120)
    output = restic(
        args=["backup", "--json", "--tag", RESTIC_TAG, "--host", RESTIC_TAG, folder.name],
        cwd=folder.parent,
    )  # fmt: skip
    snapshot = ""
    for line in output.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if message.get("message_type") == "summary":
            snapshot = message.get("snapshot_id", "")
    # Written after the copy: /healthz and the office see when the last one left the server.
    marker = folder.parent / OFFSITE_MARKER
    marker.write_text(
        json.dumps({"snapshot": snapshot, "at": datetime.datetime.now(datetime.UTC).isoformat()}),
        encoding="utf-8",
    )
    restic(
        # every night's folder has its own name: group by host and tag, not by path
        args=[
            "forget", "--tag", RESTIC_TAG, "--group-by", "host,tags", "--prune",
            "--keep-daily", str(KEEP_DAILY),
            "--keep-weekly", str(KEEP_WEEKLY),
            "--keep-monthly", str(KEEP_MONTHLY),
        ],
    )  # fmt: skip
    return snapshot


def backup_offsite_age_hours() -> float | None:
    """Hours since a backup last reached the restic repository; None if never."""
    marker = Path(settings.BACKUP_DIR) / OFFSITE_MARKER
    try:
        at = datetime.datetime.fromisoformat(json.loads(marker.read_text(encoding="utf-8"))["at"])
    except (OSError, ValueError, KeyError):
        return None
    return (datetime.datetime.now(datetime.UTC) - at).total_seconds() / 3600


def backup_offsite_stale() -> bool:
    """Off-site copies are configured but none left the server in BACKUP_STALE_AFTER_HOURS."""
    if not restic_configured():
        return False
    age = backup_offsite_age_hours()
    return age is None or age > settings.BACKUP_STALE_AFTER_HOURS


def backup_offsite_fetch(*, snapshot: str, target: Path) -> Path:
    """Restore a restic snapshot into `target`; return the backup folder inside it."""
    restic(args=["restore", snapshot, "--tag", RESTIC_TAG, "--target", str(target)])
    folders = [p for p in target.rglob("manifest.json")]
    if not folders:
        raise OffsiteFailed(f"snapshot {snapshot} holds no backup folder")
    return sorted(folders)[-1].parent


def backup_nightly() -> dict:
    """backup_site, retention, and the off-site copy when configured (beat, 02:30)."""
    base = Path(settings.BACKUP_DIR)
    stamp = datetime.datetime.now(datetime.UTC).strftime(STAMP_FORMAT)
    folder = base / stamp
    call_command("backup_site", output=str(folder), stdout=open(os.devnull, "w"))  # noqa: SIM115
    removed = backup_prune(base=base)
    result = {"folder": str(folder), "removed": [p.name for p in removed], "snapshot": ""}
    if restic_configured():
        result["snapshot"] = backup_offsite(folder=folder)
    logger.info("nightly backup: %s", result)
    return result


# --- TLS certificate ---------------------------------------------------------------------


def certificate_days_left() -> float | None:
    """Days until TLS_CERTIFICATE_PATH expires; None when unset or unreadable."""
    path = settings.TLS_CERTIFICATE_PATH
    if not path or not Path(path).is_file():
        return None
    try:
        decoded = ssl._ssl._test_decode_cert(path)  # noqa: SLF001 — stdlib, no extra package
        expires = ssl.cert_time_to_seconds(decoded["notAfter"])
    except (OSError, ValueError, KeyError, ssl.SSLError):
        return None
    return (expires - time.time()) / 86400
