"""Shared helpers: the bench database, figures written for the summary, gunicorn, wrk, nginx."""

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = ROOT / "build" / "bench"
RESULTS_DIR = BENCH_DIR / "results"
DB_PATH = BENCH_DIR / "bench.sqlite3"
PY = sys.executable
SETTINGS = "bench.lib.settings"
PORTS = (18000, 18999)


def bench_env(**extra) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = SETTINGS
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update({key: str(value) for key, value in extra.items()})
    return env


def django_setup(db_path: Path | None = None):
    """Set Django up in this process with the bench settings (and optionally another DB)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.pop("DATABASE_URL", None)
    if db_path is not None:
        os.environ["BENCH_DB"] = str(db_path)
    import django

    django.setup()


def prepare_db() -> Path:
    """build/bench/bench.sqlite3: migrated and seeded with `seed_demo --force` (made once per
    `make bench`; the Makefile deletes build/bench first)."""
    if DB_PATH.exists():
        return DB_PATH
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    tmp = BENCH_DIR / "bench-new.sqlite3"
    tmp.unlink(missing_ok=True)
    env = bench_env(BENCH_DB=tmp)
    start = time.monotonic()
    for args in (["migrate", "--no-input", "-v", "0"], ["seed_demo", "--force"]):
        subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    tmp.rename(DB_PATH)
    print(
        f"bench database: {DB_PATH.relative_to(ROOT)} (SQLite, migrate + seed_demo --force, "
        f"{time.monotonic() - start:.0f} s)"
    )
    return DB_PATH


def record(script: str, rows: list[dict]):
    """Write this script's figures for bench/summary.py. Row keys: section, figure, value,
    target, status (PASS / FAIL / INFO / SKIP)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{script}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))


def row(section, figure, value, target="", status="INFO") -> dict:
    return {
        "section": section,
        "figure": figure,
        "value": value,
        "target": target,
        "status": status,
    }


def free_port() -> int:
    ports = list(range(*PORTS))
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18000-18999")


def wait_http(port: int, path: str, timeout: float = 30.0):
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


class Gunicorn:
    """gunicorn -w 2 (sync workers, or gthread with `threads`) with the bench settings, on a
    free port in 18000-18999."""

    def __init__(self, workers: int = 2, timeout: int = 300, threads: int = 1):
        self.port = free_port()
        worker_class = (
            ["-k", "gthread", "--threads", str(threads)] if threads > 1 else ["-k", "sync"]
        )
        self.args = [
            str(Path(PY).parent / "gunicorn"),
            "-w",
            str(workers),
            *worker_class,
            "-b",
            f"127.0.0.1:{self.port}",
            "--timeout",
            str(timeout),
            "--log-level",
            "error",
            "municipality.wsgi:application",
        ]
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            self.args, cwd=ROOT, env=bench_env(), start_new_session=True
        )
        wait_http(self.port, "/bench/floor/")
        return self

    def __exit__(self, *exc):
        self.process.terminate()  # only the master we started; it stops its workers
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def ensure_tool(command: str, package: str) -> str | None:
    """The path of a Debian tool, installing its package when we are root and it is missing."""

    def find():
        sbin = Path("/usr/sbin") / command
        return shutil.which(command) or (str(sbin) if sbin.exists() else None)

    if find():
        return find()
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"installing {package} (apt-get) ...")
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", package],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return find()


def _latency_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def load(url: str, seconds: float, connections: int = 4, cookie: str = "") -> dict:
    """Requests per second and latency (ms) of one URL: wrk when available, else a small
    Python client (threads, http.client keep-alive). `cookie`: a Cookie header (a session)."""
    wrk = ensure_tool("wrk", "wrk")
    if wrk:
        headers = ["-H", f"Cookie: {cookie}"] if cookie else []
        out = subprocess.run(
            [wrk, "-t", "1", "-c", str(connections), "-d", f"{seconds:g}s", "--latency"]
            + headers
            + [url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50 = _latency_ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))
        p90 = _latency_ms(re.search(r"^\s*90%\s+(\S+)", out, re.M).group(1))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        errors = re.search(r"Socket errors: (.*)", out)
        return {
            "rps": rps,
            "p50": p50,
            "p90": p90,
            "tool": "wrk",
            "bad": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else "",
        }
    return python_load(url, seconds, connections, cookie)


def python_load(url: str, seconds: float, connections: int, cookie: str = "") -> dict:
    import http.client
    import statistics
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    latencies, bad = [], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            start = time.monotonic()
            try:
                conn.request("GET", parts.path, headers={"Cookie": cookie} if cookie else {})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    with lock:
                        bad[0] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                with lock:
                    bad[0] += 1
            mine.append((time.monotonic() - start) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p90": latencies[int(len(latencies) * 0.9)],
        "tool": "python",
        "bad": bad[0],
        "socket_errors": "",
    }


def machine() -> str:
    cpu = "?"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    ram = "?"
    try:
        kb = next(
            int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")
        )
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    return f"nproc {os.cpu_count()}, CPU {cpu}, RAM {ram}"
