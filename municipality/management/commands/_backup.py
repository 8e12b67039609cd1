"""Shared parts of `backup_site` and `restore_site`: database connection and file names."""

import os

from django.db import connection

DUMP_POSTGRES = "database.dump"  # pg_dump --format=custom
DUMP_JSON = "database.json"  # dumpdata, for SQLite
MEDIA_TAR = "media.tar.gz"
MANIFEST = "manifest.json"


def pg_args_env() -> tuple[list[str], dict]:
    """Connection options of the default database for pg_dump / pg_restore, and PGPASSWORD."""
    db = connection.settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args + ["--dbname", db["NAME"]], env
