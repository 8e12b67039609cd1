"""The client address for django-ratelimit behind the nginx of docker-compose.

nginx sets X-Real-IP to the address it sees (overwriting whatever the client sent), and
gunicorn is reachable only through nginx, so the header can be trusted there. Without
the header (runserver, tests) REMOTE_ADDR is used.
"""


def client_ip(request) -> str:
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or "unknown"
