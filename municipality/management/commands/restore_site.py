"""Restore a `backup_site` folder into the configured database and MEDIA_ROOT (`make restore`).

    manage.py restore_site DIR
    manage.py restore_site --restic SNAPSHOT     # `latest` or an id, from RESTIC_REPOSITORY

PostgreSQL: `pg_restore --clean --if-exists --no-owner` into the database of
DATABASE_URL (create it empty first: `createdb NAME`); whatever the dump holds
replaces what is there. SQLite: `migrate`, then `loaddata`. The files of
media.tar.gz are unpacked into MEDIA_ROOT (existing files with the same name are
overwritten; nothing outside MEDIA_ROOT is written).
"""

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from municipality.services.operations import (
    OffsiteFailed,
    backup_offsite_fetch,
    restic_configured,
)

from ._backup import DUMP_JSON, DUMP_POSTGRES, MANIFEST, MEDIA_TAR, pg_args_env


class Command(BaseCommand):
    help = "Restore a backup folder made by backup_site (database and media files)."

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", help="The folder written by backup_site.")
        parser.add_argument(
            "--restic",
            metavar="SNAPSHOT",
            help="Restore the off-site copy SNAPSHOT (`latest` or an id) from RESTIC_REPOSITORY.",
        )

    def handle(self, *args, backup=None, restic=None, **options):
        if bool(backup) == bool(restic):
            raise CommandError("Give either a backup folder or --restic SNAPSHOT.")
        if restic:
            if not restic_configured():
                raise CommandError("Set RESTIC_REPOSITORY and RESTIC_PASSWORD first.")
            with tempfile.TemporaryDirectory(prefix="jamaat-restic-") as tmp:
                try:
                    folder = backup_offsite_fetch(snapshot=restic, target=Path(tmp))
                except OffsiteFailed as exc:
                    raise CommandError(str(exc)) from exc
                self._restore(folder)
            return
        self._restore(Path(backup))

    def _restore(self, source: Path):
        manifest_path = source / MANIFEST
        if not manifest_path.exists():
            raise CommandError(f"{source} is not a backup folder (no {MANIFEST}).")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest["database"] == DUMP_POSTGRES:
            if connection.vendor != "postgresql":
                raise CommandError(
                    "This backup is a PostgreSQL dump; set DATABASE_URL to PostgreSQL."
                )
            connection.close()
            db_args, env = pg_args_env()
            command = [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                *db_args,
                str(source / DUMP_POSTGRES),
            ]
            result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
            if result.returncode:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        else:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("loaddata", str(source / DUMP_JSON), verbosity=0)
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / MEDIA_TAR, "r:gz") as tar:
            tar.extractall(media, filter="data")  # refuses absolute paths and "../"
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {source}: {sum(manifest['rows'].values())} rows, "
                f"{len(manifest['files'])} files into {media}."
            )
        )
