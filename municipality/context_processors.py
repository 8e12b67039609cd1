import time

from .fragments import fragment_version, municipality_current


def portal(request):
    """The municipality profile, the user's role flags and the public content version (the key
    of the shared fragments, municipality/fragments.py), for every template."""
    user = request.user
    version = fragment_version()
    return {
        "municipality": municipality_current(version),
        "is_office": getattr(user, "is_office", False),
        "public_version": version,
        # A fragment that time changes (a notice's state when its date comes) adds this minute
        # to its key, as a visitor's page lives at most a minute (municipality/page_cache.py).
        "fragment_minute": int(time.time() // 60),
    }
