"""`make backup` / `make restore`: the demo site, backed up and restored into an empty
database and an empty media folder, has every row and every file again — from the backup
folder, and from its encrypted off-site copy in a restic repository.

backup_site runs in-process against the test database; restore_site runs as
`manage.py restore_site` in a subprocess pointed at a new, empty database.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from municipality.management.commands.backup_site import table_counts
from municipality.models import Notice, NoticeAttachment, OfficialDocument
from municipality.services.operations import backup_offsite

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def _database_url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{name}"


def _counts_in(name: str, tables) -> dict[str, int]:
    db = connection.settings_dict
    with psycopg2.connect(
        dbname=name,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    ) as conn:
        with conn.cursor() as cursor:
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
                counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


def test_backup_then_restore_into_an_empty_database_finds_everything(
    tmp_path, settings, django_capture_on_commit_callbacks, figure
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the backup is pg_dump / pg_restore")
    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    # An uploaded attachment besides the demo's photos and issued PDFs.
    notice = Notice.objects.first()
    assert notice is not None
    NoticeAttachment.objects.create(
        notice=notice,
        title="Тизме",
        content_type="application/pdf",
        size=14,
        file=ContentFile(b"%PDF-1.4 demo\n", name="tizme.pdf"),
    )
    media = Path(settings.MEDIA_ROOT)
    before_files = _files(media)
    before_rows = table_counts()
    issued = OfficialDocument.objects.exclude(file="").count()
    assert before_files and sum(before_rows.values()) > 100

    backup = tmp_path / "backup"
    call_command("backup_site", output=str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert {p.name for p in backup.iterdir()} >= {"database.dump", "media.tar.gz", "manifest.json"}

    # Off the server: the same folder, encrypted into a restic repository (a local path
    # here; sftp:, s3:, rest: on a real server), restored by `make restore SNAPSHOT=latest`.
    restic_env = {}
    if shutil.which("restic"):
        settings.RESTIC_REPOSITORY = str(tmp_path / "restic-repository")
        settings.RESTIC_PASSWORD = "drill-password"  # noqa: S105
        snapshot = backup_offsite(folder=backup)
        assert snapshot
        assert not list((tmp_path / "restic-repository").rglob("manifest.json")), "not encrypted"
        restic_env = {
            "RESTIC_REPOSITORY": settings.RESTIC_REPOSITORY,
            "RESTIC_PASSWORD": settings.RESTIC_PASSWORD,
        }
    sources = {"folder": [str(backup)]}
    if restic_env:
        sources["restic"] = ["--restic", "latest"]

    file_fields = [
        name for name in OfficialDocument.objects.exclude(file="").values_list("file", flat=True)
    ] + list(NoticeAttachment.objects.values_list("file", flat=True))
    for source, arguments in sources.items():
        restored_name = f"{connection.settings_dict['NAME']}_restored"[:63]
        restored_media = tmp_path / f"restored-media-{source}"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
            cursor.execute(f'CREATE DATABASE "{restored_name}"')
        try:
            env = {
                **os.environ,
                **restic_env,
                "DJANGO_SETTINGS_MODULE": "municipality.settings.test",
                "DATABASE_URL": _database_url(restored_name),
                "TEST_MEDIA_ROOT": str(restored_media),
            }
            env.pop("CELERY_BROKER_URL", None)
            result = subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "restore_site", *arguments],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert result.returncode == 0, result.stderr
            after_rows = _counts_in(restored_name, before_rows)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')

        missing_rows = {
            t: (n, after_rows[t]) for t, n in before_rows.items() if after_rows[t] != n
        }
        assert not missing_rows, source
        after_files = _files(restored_media)
        assert after_files == before_files, source
        assert all(name in after_files for name in file_fields), source
    figure(
        f"backup → restore into an empty database: {sum(before_rows.values())} rows in "
        f"{len(before_rows)} tables, {len(before_files)} files ({issued} issued PDFs), "
        f"0 missing, 0 changed; restored from {' and from '.join(sources)}"
        + ("" if restic_env else " (restic not installed: off-site copy not drilled)")
    )
