"""Back up the database and the uploaded files into one folder (`make backup`).

    manage.py backup_site [--output DIR]

Writes DIR (default: settings.BACKUP_DIR, i.e. $BACKUP_DIR or ./backups, plus a UTC
timestamp) with
- database.dump: `pg_dump --format=custom` on PostgreSQL (database.json from
  `dumpdata` on SQLite);
- media.tar.gz: everything under MEDIA_ROOT (uploads, issued PDFs);
- manifest.json: when, which database, how many rows per table, the files.
Restore with `manage.py restore_site DIR` (`make restore BACKUP=DIR`).
"""

import datetime
import json
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ._backup import DUMP_JSON, DUMP_POSTGRES, MANIFEST, MEDIA_TAR, pg_args_env


def table_counts() -> dict[str, int]:
    """Rows per table of every model (m2m tables included), to compare after a restore."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(tables & existing):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and MEDIA_ROOT into a timestamped folder."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Folder to write (default: $BACKUP_DIR/<timestamp>).")

    def handle(self, *args, output=None, **options):
        if output:
            target = Path(output)
        else:
            base = Path(settings.BACKUP_DIR)
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            target = base / stamp
        target.mkdir(parents=True, exist_ok=True)
        if connection.vendor == "postgresql":
            db_args, env = pg_args_env()
            command = [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(target / DUMP_POSTGRES),
                *db_args,
            ]
            result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
            if result.returncode:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            database = DUMP_POSTGRES
        else:
            with open(target / DUMP_JSON, "w", encoding="utf-8") as out:
                call_command(
                    "dumpdata",
                    natural_foreign=True,
                    natural_primary=True,
                    exclude=["contenttypes", "auth.permission", "sessions"],
                    indent=None,
                    stdout=out,
                )
            database = DUMP_JSON
        media = Path(settings.MEDIA_ROOT)
        files = []
        with tarfile.open(target / MEDIA_TAR, "w:gz") as tar:
            if media.exists():
                for path in sorted(p for p in media.rglob("*") if p.is_file()):
                    name = path.relative_to(media).as_posix()
                    tar.add(path, arcname=name)
                    files.append(name)
        manifest = {
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "vendor": connection.vendor,
            "database": database,
            "media": MEDIA_TAR,
            "rows": table_counts(),
            "files": files,
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {target}: {sum(manifest['rows'].values())} rows, "
                f"{len(files)} files."
            )
        )
        return str(target)
