"""The production files read as a newcomer runs them: the image's build context holds no
secret or data, docker-compose.yml wires every service (parsed like `docker compose
config`), .env.example names every variable the settings read, and the database password
survives @ / : in either spelling."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .dockerignore import DockerIgnore

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "beat")


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


# --- the image ---------------------------------------------------------------------------

FORBIDDEN = [
    ".env",
    ".env.production",
    "deploy/certs/privkey.pem",
    "deploy/certs/fullchain.pem",
    "deploy/certs/live/jamaat/privkey.pem",
    "backups/20260101T023000Z/database.dump",
    "backups/20260101T023000Z/media.tar.gz",
    "backups/20260101T023000Z/manifest.json",
    "media/notices/4f1c2e/scan.pdf",
    "db.sqlite3",
    "municipality/db.sqlite3",
    "build/staticfiles/css/site.css",
    "build/test-media/x.jpg",
    ".venv/bin/python",
    ".git/config",
    "municipality/__pycache__/models.cpython-311.pyc",
    "locale/ky/LC_MESSAGES/django.mo",
    "celerybeat-schedule",
]


def test_dockerignore_keeps_secrets_and_data_out_of_the_image():
    rules = DockerIgnore.from_file(ROOT / ".dockerignore")
    included = [path for path in FORBIDDEN if not rules.excluded(path)]
    assert not included, f"would be copied into the image: {included}"
    for needed in ["manage.py", "pyproject.toml", "municipality/settings/prod.py", ".env.example"]:
        assert not rules.excluded(needed), needed


def test_the_build_context_on_disk_holds_no_secret_or_data(tmp_path):
    """Walk the real working tree as `docker build .` would, after .dockerignore."""
    rules = DockerIgnore.from_file(ROOT / ".dockerignore")
    context = rules.context(ROOT)
    assert "manage.py" in context and "Dockerfile" in context
    secret = re.compile(
        r"(^|/)(\.env(\..+)?|.*\.(pem|key|crt|sqlite3|dump)|celerybeat-schedule.*)$"
        r"|^(backups|media|build|\.git|\.venv|deploy/certs)/"
    )
    bad = [path for path in context if secret.search(path) and path != ".env.example"]
    assert not bad, f"would be copied into the image: {bad[:20]}"


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        ("media", "media/a/b.jpg", True),
        ("media", "static/media/x.css", False),
        ("**/*.pyc", "a.pyc", True),
        ("**/*.pyc", "a/b/c.pyc", True),
        ("*.pyc", "a/b.pyc", False),
        ("deploy/certs", "deploy/certs/live/x/privkey.pem", True),
        ("/build", "build/x", True),
        ("*\n!keep.txt", "keep.txt", False),
        ("*\n!keep.txt", "other.txt", True),
        ("!keep.txt\n*", "keep.txt", True),
        ("doc?.md", "docs.md", True),
        ("doc[0-9].md", "doc1.md", True),
        ("doc[!0-9].md", "doc1.md", False),
        ("a/**/z", "a/z", True),
        ("a/**/z", "a/b/c/z", True),
    ],
)
def test_dockerignore_matching_follows_docker_rules(patterns, path, excluded):
    assert DockerIgnore(patterns).excluded(path) is excluded


# --- docker-compose.yml ------------------------------------------------------------------


def test_every_service_has_an_image_a_command_a_restart_policy_and_a_healthcheck():
    services = _compose()["services"]
    assert set(services) == {
        "db",
        "redis",
        "migrate",
        "web",
        "worker",
        "beat",
        "nginx",
        "certbot",
    }
    for name, service in services.items():
        assert service.get("image") or service.get("build"), name
        assert service.get("restart") in {"unless-stopped", "always", "on-failure"}, name
        check = service.get("healthcheck")
        assert check, f"{name} has no healthcheck"
        if name == "migrate":
            # a one-shot: its exit status is the check
            assert check == {"disable": True}
        else:
            assert check["test"][0] in {"CMD", "CMD-SHELL"}, name
    for name in (*APP_SERVICES, "redis", "nginx"):
        assert services[name].get("command"), name
    assert services["certbot"]["entrypoint"]
    assert services["migrate"]["restart"] == "on-failure"


def test_migrations_gate_web_worker_and_beat():
    services = _compose()["services"]
    assert "manage.py migrate" in " ".join(services["migrate"]["command"])
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends["db"] == {"condition": "service_healthy"}, name
        assert depends["redis"] == {"condition": "service_healthy"}, name
        assert "migrate" not in " ".join(map(str, services[name]["command"])), name
    assert "migrate" not in services["migrate"].get("depends_on", {})
    assert services["nginx"]["depends_on"]["web"] == {"condition": "service_healthy"}


def _mounts(service: dict) -> dict[str, str]:
    """target → source of each volume line."""
    mounts = {}
    for line in service.get("volumes", []):
        source, target, *_ = [*line.split(":"), ""]
        mounts[target] = source
    return mounts


def test_volumes_join_the_services_that_share_files():
    compose = _compose()
    services, declared = compose["services"], set(compose["volumes"])
    for name, service in services.items():
        for target, source in _mounts(service).items():
            assert target.startswith("/"), (name, target)
            if source.startswith("."):
                assert (ROOT / source).exists(), (name, source)
            else:
                assert source in declared, (name, source)
    nginx_conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    nginx = _mounts(services["nginx"])
    assert nginx["/etc/nginx/conf.d/default.conf"] == "./deploy/nginx.conf"
    # certbot writes the challenge where nginx serves it, and the certificate nginx reads.
    certbot = _mounts(services["certbot"])
    assert nginx["/var/www/certbot"] == certbot["/var/www/certbot"]
    assert "root /var/www/certbot;" in nginx_conf
    assert nginx["/etc/letsencrypt"] == certbot["/etc/letsencrypt"]
    assert "ssl_certificate /etc/letsencrypt/live/jamaat/fullchain.pem;" in nginx_conf
    assert "renew --webroot -w /var/www/certbot" in " ".join(services["certbot"]["entrypoint"])
    assert "nginx -s reload" in " ".join(services["nginx"]["command"])
    # collectstatic (migrate) fills the volume nginx serves; uploads are shared too.
    assert _mounts(services["migrate"])["/srv/static"] == nginx["/srv/static"]
    assert "alias /srv/static/;" in nginx_conf
    for name in ("migrate", "web", "worker", "beat"):
        assert _mounts(services[name])["/srv/media"] == "media", name
    assert _mounts(services["worker"])["/srv/backups"] == "backups"
    assert "/srv/backups" in _mounts(services["web"])  # /healthz reads the backup age
    assert services["nginx"]["ports"] == ["80:80", "443:443"]
    for name, service in services.items():
        if name != "nginx":
            assert "ports" not in service, f"{name} must not be published"


def test_the_app_environment_is_unambiguous():
    services = _compose()["services"]
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "municipality.settings.prod"
        assert "DATABASE_URL" not in env, "the password would need escaping in a URL"
        assert env["POSTGRES_HOST"] == "db"
        assert env["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
        broker_db = env["CELERY_BROKER_URL"].rsplit("/", 1)[1]
        cache_db = env["CACHE_URL"].rsplit("/", 1)[1]
        assert broker_db != cache_db, "cache and broker on the same Redis database"


def test_every_variable_compose_needs_is_in_env_example():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text))
    documented = _documented()
    assert used <= set(documented), sorted(used - set(documented))


# --- .env.example ------------------------------------------------------------------------


def _documented() -> dict[str, str]:
    """NAME → value of every `NAME=value` or `# NAME=value` line."""
    out = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            out[match[1]] = match[2]
    return out


def test_env_example_lists_every_variable_the_settings_read():
    read = set()
    for path in (ROOT / "municipality" / "settings").glob("*.py"):
        if path.name == "test.py":
            continue
        read |= set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", path.read_text()))
    assert {"CSRF_TRUSTED_ORIGINS", "SERVER_EMAIL", "POSTGRES_PASSWORD"} <= read
    missing = read - set(_documented())
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_env_example_has_no_comment_after_a_value():
    """Uncommenting a line must give exactly the documented value (environ keeps `  # …`)."""
    for name, value in _documented().items():
        assert "#" not in value and "(" not in value and not value.endswith(" "), name
    # the cache default never lands on the broker's database
    documented = _documented()
    assert not documented["CACHE_URL"].endswith("/0")


# --- the database password ---------------------------------------------------------------

PASSWORD = "p@ss/w:rd#1?"


def _settings_in_subprocess(env: dict) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'db': settings.DATABASES['default'], "
        "'cache': settings.CACHES['default']}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "DATABASE"))}
    clean.pop("CACHE_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "municipality.settings.prod",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "example.kg",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_separate_postgres_variables_take_a_password_with_at_slash_colon():
    got = _settings_in_subprocess(
        {
            "POSTGRES_HOST": "db",
            "POSTGRES_PORT": "5433",
            "POSTGRES_DB": "jamaat",
            "POSTGRES_USER": "jamaat",
            "POSTGRES_PASSWORD": PASSWORD,
            "DATABASE_URL": "postgres://ignored@elsewhere/ignored",
            "CELERY_BROKER_URL": "redis://redis:6379/0",
        }
    )
    db = got["db"]
    assert (db["HOST"], str(db["PORT"]), db["NAME"], db["USER"]) == (
        "db",
        "5433",
        "jamaat",
        "jamaat",
    )
    assert db["PASSWORD"] == PASSWORD
    # and the cache stays off the broker's Redis database
    assert got["cache"]["LOCATION"] == "redis://redis:6379/1"


def test_a_percent_encoded_url_gives_the_same_password():
    from urllib.parse import quote

    got = _settings_in_subprocess(
        {"DATABASE_URL": f"postgres://jamaat:{quote(PASSWORD, safe='')}@db:5432/jamaat"}
    )
    assert got["db"]["PASSWORD"] == PASSWORD
    assert got["db"]["HOST"] == "db"


def test_the_image_has_what_the_services_run():
    """The worker's nightly backup needs pg_dump of the server's version and restic; the
    volumes' folders exist in the image, owned by the app's user."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    server = _compose()["services"]["db"]["image"]
    major = re.search(r"postgres:(\d+)", server)[1]
    assert f"postgresql-client-{major}" in dockerfile
    assert "restic" in dockerfile
    for folder in ("/srv/static", "/srv/media", "/srv/backups"):
        assert folder in dockerfile
    assert "USER jamaat" in dockerfile and "COPY --chown=jamaat:jamaat . ." in dockerfile
