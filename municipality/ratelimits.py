"""The client address for django-ratelimit behind the nginx of docker-compose.

nginx sets X-Real-IP to the address it sees (overwriting whatever the client sent), and
gunicorn is reachable only through nginx, so the header can be trusted there. Without
the header (runserver, tests) REMOTE_ADDR is used.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_ratelimit.decorators import ratelimit


def client_ip(request) -> str:
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or "unknown"


# Residents' submissions (contest applications, budget proposals and registrations, plan
# comments): limited per account and per client address. The address limit is generous,
# since a whole village may reach the site through one mobile operator's address. A
# blocked POST gets the translated 429 page (RATELIMIT_VIEW). The rates are read from the
# settings at request time (SUBMISSION_RATE_ACCOUNT, SUBMISSION_RATE_IP), so tests and
# deployments can change them.
SUBMISSION_RATE_ACCOUNT = "30/h"
SUBMISSION_RATE_IP = "300/h"


def _setting_rate(name: str, default: str):
    def rate(group, request):
        return getattr(settings, name, default)

    return rate


def submission_ratelimit(group: str):
    def decorator(view):
        view = ratelimit(
            group=f"{group}:ip",
            key="ip",
            method="POST",
            block=True,
            rate=_setting_rate("SUBMISSION_RATE_IP", SUBMISSION_RATE_IP),
        )(view)
        return ratelimit(
            group=f"{group}:account",
            key="user_or_ip",
            method="POST",
            block=True,
            rate=_setting_rate("SUBMISSION_RATE_ACCOUNT", SUBMISSION_RATE_ACCOUNT),
        )(view)

    return decorator


# Messages to a typed destination (confirmation codes and links, "you already have an
# account", password reset): limited per destination, whoever asks and from however many
# addresses, so nobody can spend the municipality's SMS and e-mail on a stranger. The
# per-client limits of each view stay as well.
def destination_allow(channel: str, address: str) -> bool:
    """Count one message to `address`; False when it must not be sent now.

    False during CODE_COOLDOWN_SECONDS after the previous message to the same address,
    and once CODE_DAILY_MAX_PER_DESTINATION messages went there today. Counted in the
    default cache (Redis in production, so every worker process shares the counts).
    """
    address = (address or "").strip().lower()
    if not address:
        return False
    digest = hashlib.sha256(f"{channel}:{address}".encode()).hexdigest()[:32]
    cooldown = getattr(settings, "CODE_COOLDOWN_SECONDS", 60)
    daily_max = getattr(settings, "CODE_DAILY_MAX_PER_DESTINATION", 5)
    day_key = f"dest:{digest}:{timezone.localdate().isoformat()}"
    if (cache.get(day_key) or 0) >= daily_max:
        return False
    if cooldown > 0 and not cache.add(f"dest:{digest}:pause", 1, timeout=cooldown):
        return False
    cache.add(day_key, 0, timeout=2 * 24 * 3600)
    try:
        count = cache.incr(day_key)
    except ValueError:  # expired between add and incr
        cache.set(day_key, 1, timeout=2 * 24 * 3600)
        count = 1
    return count <= daily_max
