"""The client address for django-ratelimit behind the nginx of docker-compose.

nginx sets X-Real-IP to the address it sees (overwriting whatever the client sent), and
gunicorn is reachable only through nginx, so the header can be trusted there. Without
the header (runserver, tests) REMOTE_ADDR is used.
"""


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
        from django.conf import settings

        return getattr(settings, name, default)

    return rate


def submission_ratelimit(group: str):
    from django_ratelimit.decorators import ratelimit

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
