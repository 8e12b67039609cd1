from .models import Municipality


def portal(request):
    """The municipality profile and the user's role flags, for every template."""
    user = request.user
    return {
        "municipality": Municipality.current(),
        "is_office": getattr(user, "is_office", False),
    }
