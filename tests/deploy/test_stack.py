"""The deployed stack, without containers: what docker-compose.yml starts, from its files.

docker-compose.yml gives the commands and the environment (interpolated from a test
`.env`), deploy/nginx.conf the proxy. Only what a container would change is rewritten:
host names (db, redis, web → 127.0.0.1), ports (free ones), paths (volumes → tmp
folders), and, on Debian's nginx older than 1.25.1, `http2 on;` → `listen … http2`.

- PostgreSQL: a private cluster (tests/faults); the role `jamaat` has a password with
  @ / : and must log in with it (scram-sha-256), through the POSTGRES_* variables;
- Redis: a private redis-server (tests/faults): broker on db 0, cache on db 1;
- migrate (one-shot), then gunicorn (ONE worker with ONE thread: an unbuffered slow upload would
  hold it), the Celery worker, beat (heartbeat every 2 s instead of 60), Debian's nginx
  with a self-signed certificate.

The journey, through nginx over HTTPS: HTTP → HTTPS redirect; the security headers;
a static file with its long cache header; a slow 10 MB upload that nginx buffers while
another page answers at once; a staff login; a PDF attached to a draft notice, hidden from
visitors and sent to staff by nginx after the permission check (X-Accel-Redirect); a
notice whose message the worker sends; the heartbeat task that beat schedules and the
worker runs, seen in /healthz together with the database, the broker and the
certificate's days left; the nightly backup run by the worker with its restic copy; the
certbot challenge over HTTP; a renewed certificate served after nginx's reload.
"""

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg2
import pytest
import yaml

from tests.faults.test_postgres_restart import Cluster
from tests.faults.test_postgres_restart import _skip_reason as _pg_skip_reason
from tests.faults.test_worker_faults import RedisServer

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DOMAIN = "jamaat.test"
PASSWORD = "p@ss/w:rd"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# A 10 MB PDF (the forms take at most 10 MiB a file): valid, without active content.
BIG_PDF = (
    b"%PDF-1.4\n1 0 obj<<>>endobj\n"
    + (b"% " + b"x" * 1021 + b"\n") * 10200
    + b"trailer<<>>\n%%EOF\n"
)


def _skip_reason() -> str | None:
    if not Path(NGINX).exists():
        return "needs Debian's nginx (apt-get install nginx)"
    if not shutil.which("openssl"):
        return "needs openssl"
    if not shutil.which("redis-server"):
        return "needs redis-server"
    if not (BIN / "celery").exists():
        return "needs celery in the virtualenv"
    return _pg_skip_reason()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _nginx_version() -> tuple[int, ...]:
    out = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr  # noqa: S603
    return tuple(int(n) for n in re.search(r"nginx/([\d.]+)", out)[1].split("."))


# --- the compose file, read as `docker compose` would ------------------------------------


def _interpolate(value: str, dotenv: dict) -> str:
    def one(match):
        name, op, arg = match[1], match[2], match[3]
        if op == ":?":
            assert dotenv.get(name), f"compose requires {name}: {arg}"
        if op == ":-" and not dotenv.get(name):
            return arg
        return dotenv.get(name, "")

    return re.sub(r"\$\{([A-Z_][A-Z0-9_]*)(?:(:\?|:-)([^}]*))?\}", one, str(value))


def _service(compose, name, dotenv) -> tuple[list[str], dict]:
    service = compose["services"][name]
    command = [_interpolate(part, dotenv) for part in service["command"]]
    env = {k: _interpolate(v, dotenv) for k, v in service.get("environment", {}).items()}
    return command, env


def _local(command: list[str]) -> list[str]:
    """The container's PATH is the image's Python; here it is the virtualenv."""
    out = []
    for part in command:
        if part in ("python", "gunicorn", "celery"):
            part = str(BIN / part) if part != "python" else sys.executable
        out.append(re.sub(r"\bpython manage\.py\b", f"{sys.executable} manage.py", part))
    return out


# --- nginx ---------------------------------------------------------------------------------


def _nginx_conf(tmp: Path, ports: dict, paths: dict) -> Path:
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    http2_directive = _nginx_version() >= (1, 25, 1)
    rewrites = [
        ("server web:8000;", f"server 127.0.0.1:{ports['web']};"),
        ("listen 80;", f"listen 127.0.0.1:{ports['http']};"),
        ("listen [::]:80;", ""),
        (
            "listen 443 ssl;",
            f"listen 127.0.0.1:{ports['https']} ssl{'' if http2_directive else ' http2'};",
        ),
        ("listen [::]:443 ssl;", ""),
        ("/etc/letsencrypt/live/jamaat/", f"{paths['certs']}/"),
        ("/srv/static/", f"{paths['static']}/"),
        ("/srv/media/", f"{paths['media']}/"),
        ("root /var/www/certbot;", f"root {paths['webroot']};"),
    ]
    if not http2_directive:
        rewrites.append(("http2 on;", ""))
    for old, new in rewrites:
        assert old in conf, f"deploy/nginx.conf no longer has {old!r}: update the stack test"
        conf = conf.replace(old, new)
    (tmp / "default.conf").write_text(conf)
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"):
        (tmp / folder).mkdir(exist_ok=True)
    main = tmp / "nginx.conf"
    main.write_text(
        f"""
user root;
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {tmp}/logs/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/default.conf;
}}
"""
    )
    return main


# --- HTTP ----------------------------------------------------------------------------------


class Browser:
    """One HTTPS client that keeps cookies, talking to nginx as https://jamaat.test."""

    def __init__(self, port: int, cert: Path):
        self.port = port
        self.context = ssl.create_default_context(cafile=str(cert))
        self.context.check_hostname = False  # 127.0.0.1 is not jamaat.test
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=self.context, timeout=timeout
        )
        sent = {"Host": DOMAIN, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value
        return response, content

    def post_form(self, path, fields):
        body = urlencode({**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{DOMAIN}",
                "Referer": f"https://{DOMAIN}{path}",
            },
        )


@contextlib.contextmanager
def _db(cluster):
    """A connection as the app's role, with the password that has @ / :."""
    conn = psycopg2.connect(
        host="127.0.0.1", port=cluster.port, dbname="jamaat", user="jamaat", password=PASSWORD
    )
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def _make_certificate(folder: Path, *, days: int) -> None:
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", str(days),
         "-subj", f"/CN={DOMAIN}", "-addext", f"subjectAltName=DNS:{DOMAIN}",
         "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip


def _served_certificate(port: int) -> bytes:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=DOMAIN) as tls:
            return tls.getpeercert(binary_form=True)


def _wait(check, what: str, timeout: float, logs=()):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except (OSError, http.client.HTTPException) as exc:
            last = exc
        time.sleep(0.2)
    tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs)
    raise AssertionError(f"{what} within {timeout}s (last error: {last})\n{tails}")


SETUP = """
import json
from django.utils import timezone
from municipality.models import Subscription
from tests.municipality.factories import MunicipalityFactory, UserFactory
MunicipalityFactory()
staff = UserFactory(username="clerk", roles=["staff"])
staff.set_password("clerk-password-1")
staff.save()
Subscription.objects.create(channel="email", address="resident@example.kg",
    categories=["general"], language="ky", confirmed_at=timezone.now())
print("SETUP " + json.dumps({"staff": staff.pk}))
"""

BACKUP_NOW = """
from municipality.tasks import backup_nightly_task
backup_nightly_task.delay()
"""

PUBLISH = """
from municipality.models import Notice, User
from municipality.services import notice_publish
notice = notice_publish(actor=User.objects.get(username="clerk"),
    category=Notice.Category.GENERAL, title="Жыйын", body="Жыйын шаршемби күнү өтөт.")
print("NOTICE", notice.pk)
"""


def test_the_compose_stack_serves_the_portal_through_nginx_over_https(tmp_path, figure):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    started = time.monotonic()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    paths = {
        name: tmp_path / name
        for name in ("static", "media", "backups", "certs", "webroot", "nginx", "logs")
    }
    for path in paths.values():
        path.mkdir()
    processes: list[subprocess.Popen] = []
    pg_root = Path(tempfile.mkdtemp(prefix="jamaat-stack-pg-"))
    os.chmod(pg_root, 0o755)  # noqa: S103 — the postgres OS user works in it
    cluster = Cluster(pg_root, _free_port())
    redis_server = RedisServer(tmp_path / "redis")
    (tmp_path / "redis").mkdir()
    nginx_conf = None
    try:
        # PostgreSQL with a role whose password has @ / :, checked (scram) on TCP.
        cluster.create()
        admin = psycopg2.connect(cluster.url("postgres"))
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("CREATE ROLE jamaat LOGIN PASSWORD %s", [PASSWORD])
            cursor.execute("ALTER DATABASE jamaat OWNER TO jamaat")
        admin.close()
        hba = cluster.data / "pg_hba.conf"
        hba.write_text("host all jamaat 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        cluster.ctl("reload")
        with pytest.raises(psycopg2.OperationalError):
            psycopg2.connect(
                host="127.0.0.1", port=cluster.port, dbname="jamaat", user="jamaat", password="x"
            )
        redis_server.start()

        # A self-signed certificate for jamaat.test, valid 30 days.
        _make_certificate(paths["certs"], days=30)

        dotenv = {
            "DOMAIN": DOMAIN,
            "SECRET_KEY": "stack-test-" + "k" * 50,
            "POSTGRES_PASSWORD": PASSWORD,
            # One worker with one thread: only nginx's buffering can keep a page answering
            # while a slow upload is in flight (the check below).
            "WEB_WORKERS": "1",
            "WEB_THREADS": "1",
            "RESTIC_REPOSITORY": str(tmp_path / "offsite-restic"),
            "RESTIC_PASSWORD": "stack-test-restic",
        }
        redis_url = redis_server.url.rsplit("/", 1)[0]
        ports = {"web": _free_port(), "http": _free_port(), "https": _free_port()}

        def app_env(name):
            command, env = _service(compose, name, dotenv)
            env.update(
                POSTGRES_HOST="127.0.0.1",
                POSTGRES_PORT=str(cluster.port),
                CELERY_BROKER_URL=env["CELERY_BROKER_URL"].replace(
                    "redis://redis:6379", redis_url
                ),
                CACHE_URL=env["CACHE_URL"].replace("redis://redis:6379", redis_url),
                STATIC_ROOT=str(paths["static"]),
                MEDIA_ROOT=str(paths["media"]),
                BACKUP_DIR=str(paths["backups"]),
                TLS_CERTIFICATE_PATH=str(paths["certs"] / "fullchain.pem"),
                WORKER_HEARTBEAT_SECONDS="2",
            )
            assert env["POSTGRES_PASSWORD"] == PASSWORD and "DATABASE_URL" not in env
            keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
            return command, {**keep, **env}

        def start(name, command, env):
            log = open(paths["logs"] / f"{name}.log", "w")  # noqa: SIM115
            process = subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            processes.append(process)
            return process

        # migrate: the one-shot; web, worker and beat only after it succeeded.
        command, env = app_env("migrate")
        migrate = subprocess.run(  # noqa: S603
            _local(command), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert migrate.returncode == 0, migrate.stderr[-3000:]
        assert any(paths["static"].rglob("*.css")), "collectstatic wrote nothing"
        setup = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", SETUP],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert setup.returncode == 0, setup.stderr[-3000:]

        command, env = app_env("web")
        command = [
            f"--bind=127.0.0.1:{ports['web']}" if part.startswith("--bind=") else part
            for part in _local(command)
        ]
        assert "--workers=1" in command
        start("web", command, env)
        command, env = app_env("worker")
        start("worker", _local(command), env)
        command, env = app_env("beat")
        command = _local(command)
        command[command.index("--schedule") + 1] = str(tmp_path / "celerybeat-schedule")
        command[command.index("--pidfile") + 1] = str(tmp_path / "celerybeat.pid")
        start("beat", command, env)

        nginx_conf = _nginx_conf(paths["nginx"], ports, paths)
        test = subprocess.run(  # noqa: S603
            [NGINX, "-t", "-c", str(nginx_conf), "-e", str(paths["nginx"] / "logs" / "early.log")],
            capture_output=True, text=True,
        )  # fmt: skip
        assert test.returncode == 0, test.stderr
        subprocess.run(  # noqa: S603
            [NGINX, "-c", str(nginx_conf), "-e", str(paths["nginx"] / "logs" / "early.log")],
            check=True, capture_output=True,
        )  # fmt: skip
        logs = [*paths["logs"].iterdir(), paths["nginx"] / "logs" / "error.log"]
        browser = Browser(ports["https"], paths["certs"] / "fullchain.pem")
        _wait(
            lambda: browser.request("GET", "/healthz", timeout=5)[0].status == 200,
            "gunicorn answering /healthz through nginx",
            60,
            logs,
        )

        # 1. Plain HTTP is redirected to HTTPS; nginx's own health check and the
        # certificate challenge answer on it.
        conn = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=10)
        conn.request("GET", "/ky/notices/?page=2", headers={"Host": DOMAIN})
        redirect = conn.getresponse()
        redirect.read()
        assert redirect.status == 301
        assert redirect.getheader("Location") == f"https://{DOMAIN}/ky/notices/?page=2"
        conn.request("GET", "/nginx-health", headers={"Host": DOMAIN})
        health = conn.getresponse()
        assert health.status == 200 and health.read() == b"ok\n"
        # certbot's renewal: a challenge file in the shared webroot is answered over HTTP.
        challenge = paths["webroot"] / ".well-known" / "acme-challenge"
        challenge.mkdir(parents=True)
        (challenge / "t0ken").write_text("t0ken.thumbprint")
        conn.request("GET", "/.well-known/acme-challenge/t0ken", headers={"Host": DOMAIN})
        answer = conn.getresponse()
        assert (answer.status, answer.read()) == (200, b"t0ken.thumbprint")
        conn.close()

        # 2. A page over HTTPS with the security headers.
        response, content = browser.request("GET", "/ky/")
        assert response.status == 200, content[:500]
        headers = response.headers
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Server" not in headers or "nginx/" not in headers["Server"]  # server_tokens off

        # 3. A static file (collectstatic's hashed name), served by nginx, cached for 30 days.
        css = re.search(rb'href="(/static/[^"]+\.css)"', content)[1].decode()
        response, body = browser.request("GET", css, headers={"Accept-Encoding": "identity"})
        assert response.status == 200 and body
        cache_control = ", ".join(response.headers.get_all("Cache-Control"))
        assert "max-age=2592000" in cache_control and "public" in cache_control
        assert response.headers["X-Content-Type-Options"] == "nosniff"

        # 4. A staff member logs in (secure cookies over HTTPS, CSRF from the same origin).
        browser.request("GET", "/ky/accounts/login/")
        assert "csrftoken" in browser.cookies
        response, content = browser.post_form(
            "/ky/accounts/login/", {"username": "clerk", "password": "clerk-password-1"}
        )
        assert response.status == 302, content[:2000]
        assert "sessionid" in browser.cookies
        response, _ = browser.request("GET", "/ky/office/")
        assert response.status == 200

        # 5. A slow 10 MB upload: staff attach a PDF to a draft notice over a slow line. nginx
        # takes the whole request before gunicorn (one worker, one thread) sees it, so another page
        # answers at once; without buffering the worker would be reading the upload.
        boundary = "jamaat-stack-boundary"
        fields = {
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "title_ky": "Долбоор",
            "body_ky": "Жарыялана элек.",
            "category": "general",
        }
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ) + (
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="tartip.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        )
        body = head + BIG_PDF + f"\r\n--{boundary}--\r\n".encode()
        upload_done, upload_result, halfway = threading.Event(), {}, threading.Event()

        def slow_upload():
            conn = http.client.HTTPSConnection(
                "127.0.0.1", ports["https"], context=browser.context, timeout=120
            )
            conn.putrequest("POST", "/ky/office/notices/new/", skip_host=True)
            for name, value in {
                "Host": DOMAIN,
                "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
                "Origin": f"https://{DOMAIN}",
                "Referer": f"https://{DOMAIN}/ky/office/notices/new/",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(len(body)),
            }.items():
                conn.putheader(name, value)
            conn.endheaders()
            step = 256 * 1024
            for n, start in enumerate(range(0, len(body), step)):
                conn.send(body[start : start + step])
                if n == 8:
                    halfway.set()
                time.sleep(0.1)  # about 2.5 MB/s: 4 seconds for 10 MB
            response = conn.getresponse()
            upload_result["status"] = response.status
            upload_result["body"] = response.read()[:2000]
            conn.close()
            upload_done.set()

        uploader = threading.Thread(target=slow_upload, daemon=True)
        uploader.start()
        assert halfway.wait(30)
        asked = time.monotonic()
        response, _ = browser.request("GET", "/ky/notices/", timeout=10)
        answered_in = time.monotonic() - asked
        assert response.status == 200
        assert answered_in < 2.0, f"a page took {answered_in:.1f}s during a slow upload"
        assert not upload_done.is_set(), "the upload finished before the other page answered"
        uploader.join(60)
        assert upload_result.get("status") == 302, upload_result

        # 6. The private file: the file view checks the permission and nginx sends the bytes
        # from its internal location (X-Accel-Redirect); visitors get a 404.
        with _db(cluster) as conn, conn.cursor() as cursor:
            cursor.execute(
                "SELECT a.id, a.file, n.status FROM municipality_noticeattachment a "
                "JOIN municipality_notice n ON n.id = a.notice_id"
            )
            ((attachment_id, stored, status),) = cursor.fetchall()
        assert status == "draft"
        assert (paths["media"] / stored).read_bytes() == BIG_PDF
        url = (
            f"/files/municipality.noticeattachment/{attachment_id}/file/{stored.rsplit('/', 1)[1]}"
        )
        anonymous = Browser(ports["https"], paths["certs"] / "fullchain.pem")
        response, _ = anonymous.request("GET", url)
        assert response.status == 404, "a draft's attachment must be hidden from visitors"
        for guessed in (f"/media/{stored}", f"/protected-media/{stored}"):
            response, _ = anonymous.request("GET", guessed)
            assert response.status == 404, guessed
        response, content = browser.request("GET", url)
        assert response.status == 200
        assert content == BIG_PDF, "nginx did not send the file Django pointed at"
        assert response.headers["X-Accel-Redirect"] is None  # consumed by nginx
        assert "private" in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"

        # 7. A notice published: the worker sends the subscriber's message.
        command, env = app_env("worker")
        publish = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", PUBLISH],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert publish.returncode == 0, publish.stderr[-3000:]

        def sent():
            with _db(cluster) as conn, conn.cursor() as cursor:
                cursor.execute(
                    "SELECT status FROM municipality_outboxmessage "
                    "WHERE recipient = 'resident@example.kg'"
                )
                return [row[0] for row in cursor.fetchall()] == ["sent"]

        _wait(sent, "the worker sending the notice to the subscriber", 30, logs)
        assert "resident@example.kg" in (paths["logs"] / "worker.log").read_text()

        # 8. Beat fired the heartbeat task, the worker ran it; /healthz sees everything.
        def healthy():
            response, body = browser.request("GET", "/healthz", timeout=5)
            state = json.loads(body)
            return response.status == 200 and state["worker"]["state"] == "ok" and state

        state = _wait(healthy, "beat's heartbeat task run by the worker", 30, logs)
        assert state["database"] == "ok" and state["broker"] == "ok"
        assert state["worker"]["heartbeat_age_seconds"] < 10
        assert state["certificate"]["state"] == "ok"
        assert 29 < state["certificate"]["days_left"] <= 30
        assert state["backup"]["state"] == "stale"  # no backup yet on a new server
        assert state["offsite"]["state"] == "stale"

        # 9. The nightly backup (queued now instead of at 02:30) runs in the worker: pg_dump
        # with the @ / : password, the media, and an encrypted copy in the restic repository.
        command, env = app_env("worker")
        queued = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", BACKUP_NOW],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert queued.returncode == 0, queued.stderr[-3000:]

        def backed_up():
            state = json.loads(browser.request("GET", "/healthz", timeout=5)[1])
            return state["backup"]["state"] == "ok" and state["offsite"]["state"] == "ok"

        _wait(backed_up, "the worker's backup and its restic copy", 60, logs)
        (folder,) = [p for p in paths["backups"].iterdir() if p.is_dir()]
        assert {p.name for p in folder.iterdir()} == {
            "database.dump",
            "media.tar.gz",
            "manifest.json",
        }
        assert not list((tmp_path / "offsite-restic").rglob("*.pdf")), "copy not encrypted"

        # 10. A renewed certificate (certbot writes new files in place) is served after the
        # reload that the nginx service runs every 6 hours.
        before = _served_certificate(ports["https"])
        _make_certificate(paths["certs"], days=90)
        subprocess.run([NGINX, "-c", str(nginx_conf), "-s", "reload"], check=True)  # noqa: S603
        _wait(
            lambda: _served_certificate(ports["https"]) != before,
            "nginx serving the renewed certificate",
            15,
            logs,
        )
        renewed = Browser(ports["https"], paths["certs"] / "fullchain.pem")
        response, body = renewed.request("GET", "/healthz")
        assert response.status == 200
        assert 89 < json.loads(body)["certificate"]["days_left"] <= 90
        for process in processes:
            assert process.poll() is None, f"{process.args[0]} died"
        figure(
            f"stack (nginx {'.'.join(map(str, _nginx_version()))} + gunicorn + worker + beat, "
            f"PostgreSQL, Redis) over HTTPS: redirect, headers, static cache, 10 MB slow upload "
            f"buffered (another page in {answered_in:.2f}s), login, private file via X-Accel, "
            f"notice sent by the worker, beat heartbeat, nightly backup + restic copy, "
            f"renewed certificate reloaded — "
            f"{time.monotonic() - started:.0f}s"
        )
    finally:
        if nginx_conf is not None and (paths["nginx"] / "nginx.pid").exists():
            subprocess.run(  # noqa: S603
                [NGINX, "-c", str(nginx_conf), "-s", "stop"], capture_output=True, timeout=30
            )
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        redis_server.stop()
        cluster.stop()
        shutil.rmtree(pg_root, ignore_errors=True)
