from django.conf import settings
from django.shortcuts import redirect, render

HOME_NOTICES = 6


def root(request):
    """Kyrgyz first: `/` goes to /ky/ unless the visitor chose another language before."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


def home(request):
    """The municipality's name, the latest notices, the list of local issues, every section."""
    from municipality.selectors.local_issues import (
        local_issues_current,
        local_issues_published_at,
    )
    from municipality.selectors.notices import notice_latest

    published_at = local_issues_published_at()
    return render(
        request,
        "municipality/home.html",
        {
            "notices": notice_latest(limit=HOME_NOTICES),
            "issues": local_issues_current() if published_at else [],
            "issues_published_at": published_at,
        },
    )


def placeholder(request, **kwargs):
    return render(request, "municipality/placeholder.html")
