"""Slow upload: how much a 10 MB upload at 750 kbit/s slows the notice board.

    .venv/bin/python bench/upload.py [SECONDS]     (default 2 s per measurement)

A throttled client (a socket writer that sends 9 375 bytes every 0.1 s = 750 kbit/s) posts a
multipart form with a 10 MB file and a valid CSRF token to a contest's application form. Django's
CSRF check reads the whole body, so on bare gunicorn one of its threads is held for the whole
upload (gunicorn as deployed, docker-compose.yml: gthread workers, here 2 x 4 threads; with sync
workers a whole worker would be held) (10 MB takes ~112 s at that speed; the figure is taken during its first
seconds, then the socket is closed). Meanwhile /ky/notices/ is loaded with 1 client (a single
visitor) and with 4 (a busy moment); the figure is p50 latency with the upload / without
(median of 3 pairs measured back to back).

Then the same through nginx with the buffering of deploy/nginx.conf (proxy_request_buffering on,
client_max_body_size 12m): nginx holds the slow body and gunicorn sees the request only when it
is complete. nginx (nginx-light) is installed with apt-get when missing and we are root; else
that part is skipped with a message. Target: at most 1.2x.

Last, two slow uploads at once (as many as gunicorn has workers) and one GET of the notice
board with an 8 s timeout: with sync workers bare gunicorn could not answer (the previous
figure); with threads, and behind nginx's buffering, it does.
"""

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lib.common import (
    BENCH_DIR,
    Gunicorn,
    ensure_tool,
    free_port,
    load,  # noqa: E402
    prepare_db,
    record,
    row,
    wait_http,
)

TARGET = 1.2
REPEATS = 3
RATE = 750_000 // 8  # bytes per second
FILE_SIZE = 10 * 1024 * 1024


def csrf_cookie(port: int) -> str:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/ky/accounts/login/")
    response = conn.getresponse()
    response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("csrftoken="):
            return value.split(";")[0].split("=", 1)[1]
    raise RuntimeError("no CSRF cookie")


class SlowUpload(threading.Thread):
    """POST a 10 MB file at 750 kbit/s until stopped."""

    def __init__(self, port: int, path: str, token: str):
        super().__init__(daemon=True)
        self.port, self.path, self.token = port, path, token
        self.stop = threading.Event()
        self.sent = 0
        self.answered = None

    def run(self):
        boundary = "benchboundary7d1f"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
            f"\r\n\r\n{self.token}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="attachments"; filename="photo.jpg"\r\n'
            f"Content-Type: image/jpeg\r\n\r\n"
        )
        tail = f"\r\n--{boundary}--\r\n"
        length = len(head.encode()) + FILE_SIZE + len(tail)
        request = (
            f"POST {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"Cookie: csrftoken={self.token}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n\r\n{head}"
        ).encode()
        chunk = b"\xff" * (RATE // 10)
        with socket.create_connection(("127.0.0.1", self.port)) as sock:
            sock.sendall(request)
            sock.setblocking(False)
            next_at = time.monotonic()
            while not self.stop.is_set() and self.sent < FILE_SIZE:
                try:
                    self.sent += sock.send(chunk[: FILE_SIZE - self.sent])
                except BlockingIOError:
                    pass  # the server is not reading: the kernel buffers are full
                try:
                    if sock.recv(1):
                        self.answered = True  # the server answered before the body was sent
                        break
                except BlockingIOError:
                    pass
                next_at += 0.1
                time.sleep(max(0.0, next_at - time.monotonic()))


def measure(port: int, contest_path: str, seconds: float) -> dict:
    """p50 latency alone and during a slow upload, in pairs taken one after the other
    (REPEATS times, a fresh upload each time) so that a burst from a neighbour on this shared
    machine tends to hit both halves of a pair; the ratio is the median of the pairs'."""
    url = f"http://127.0.0.1:{port}/ky/notices/"
    load(url, 1, 2)  # warm up
    token = csrf_cookie(port)
    figures = {"sent": 0, "answered": None}
    for clients in (1, 4):
        pairs = []
        for _ in range(REPEATS):
            alone = load(url, seconds, clients)
            upload = SlowUpload(port, f"{contest_path}apply/", token)
            upload.start()
            time.sleep(1.0)  # the request line, headers and first chunks are in
            during = load(url, seconds, clients)
            upload.stop.set()
            upload.join()
            figures["sent"] = max(figures["sent"], upload.sent)
            figures["answered"] = figures["answered"] or upload.answered
            pairs.append((alone, during))
        figures[clients] = pairs
    # Two slow uploads at once: as many as gunicorn has workers.
    uploads = [SlowUpload(port, f"{contest_path}apply/", token) for _ in range(2)]
    for each in uploads:
        each.start()
    time.sleep(1.5)
    figures["two"] = single_get(port, "/ky/notices/", timeout=8)
    for each in uploads:
        each.stop.set()
        each.join()
    return figures


def single_get(port: int, path: str, timeout: float) -> float | None:
    """Seconds for one GET, None when there is no answer within the timeout."""
    import http.client

    start = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", path)
        conn.getresponse().read()
        conn.close()
    except OSError:
        return None
    return time.monotonic() - start


class Nginx:
    def __init__(self, upstream_port: int):
        self.port = free_port()
        self.dir = BENCH_DIR / "nginx"
        self.dir.mkdir(parents=True, exist_ok=True)
        d = self.dir
        (d / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
user root;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    upstream jamaat_web {{ server 127.0.0.1:{upstream_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{self.port};
        # as in deploy/nginx.conf
        client_max_body_size 12m;
        client_body_buffer_size 256k;
        client_body_timeout 300s;
        proxy_request_buffering on;
        proxy_buffering on;
        location / {{
            proxy_pass http://jamaat_web;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_redirect off;
            proxy_read_timeout 60s;
        }}
    }}
}}
""")

    def __enter__(self):
        binary = ensure_tool("nginx", "nginx-light")
        self.process = subprocess.Popen(
            [binary, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf")],
            start_new_session=True,
            stderr=subprocess.DEVNULL,
        )
        wait_http(self.port, "/bench/floor/")
        return self

    def __exit__(self, *exc):
        self.process.terminate()  # the master we started; it stops its worker
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def contest_path() -> str:
    from bench.pages import contest_path as find

    return find()


def report(label: str, figures: dict, rows: list):
    import statistics

    for clients in (1, 4):
        pairs = figures[clients]
        ratio = statistics.median(during["p50"] / alone["p50"] for alone, during in pairs)
        alone_p50 = statistics.median(alone["p50"] for alone, _ in pairs)
        during_p50 = statistics.median(during["p50"] for _, during in pairs)
        status = "PASS" if ratio <= TARGET else "FAIL"
        print(
            f"  {label:<16} {clients} client(s): p50 {alone_p50:6.1f} ms alone, "
            f"{during_p50:6.1f} ms during the upload; median of {len(pairs)} pairs' ratios "
            f"{ratio:.2f}x  {status}"
        )
        rows.append(
            row(
                "Slow upload",
                f"{label}: notice board p50 with/without a 10 MB upload "
                f"at 750 kbit/s, {clients} client(s)",
                f"{alone_p50:.0f} -> {during_p50:.0f} ms, {ratio:.2f}x",
                "<= 1.2x",
                status,
            )
        )
    two = figures["two"]
    two_text = f"answered in {two * 1000:.0f} ms" if two is not None else "no answer within 8 s"
    print(f"  {label:<16} 2 slow uploads at once, 1 GET of the notice board: {two_text}")
    rows.append(
        row(
            "Slow upload",
            f"{label}: notice board during 2 slow uploads at once",
            two_text,
            "answers",
            "PASS" if two is not None and two < 2 else "FAIL",
        )
    )
    print(
        f"  (upload: {figures['sent'] / 1024:.0f} KB sent during the measurement"
        + (", server answered early!" if figures["answered"] else ", no answer yet: still held")
        + ")"
    )


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2
    prepare_db()
    contest = contest_path()
    rows = []
    with Gunicorn(workers=2, threads=4) as server:
        report(
            "bare gunicorn (2 workers x 4 threads)", measure(server.port, contest, seconds), rows
        )
        if ensure_tool("nginx", "nginx-light"):
            with Nginx(server.port) as nginx:
                report("nginx buffering", measure(nginx.port, contest, seconds), rows)
        else:
            print("  nginx not available (not root, or apt-get failed): nginx figure skipped")
            rows.append(
                row(
                    "Slow upload",
                    "through nginx",
                    "skipped: nginx not installable",
                    "<= 1.2x",
                    "SKIP",
                )
            )
    record("upload", rows)


if __name__ == "__main__":
    main()
