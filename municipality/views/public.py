from django.conf import settings
from django.shortcuts import redirect, render

from municipality.selectors.local_issues import (
    local_issues_last_publication,
    local_issues_published,
)
from municipality.selectors.notices import notice_latest

HOME_NOTICES = 6


def root(request):
    """Kyrgyz first: `/` goes to /ky/ unless the visitor chose another language before."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


def home(request):
    """The municipality's name, the latest notices, the list of local issues, every section."""
    publication = local_issues_last_publication()
    return render(
        request,
        "municipality/home.html",
        {
            "notices": notice_latest(limit=HOME_NOTICES),
            "issues": local_issues_published(publication),
            "issues_published_at": publication.published_at if publication else None,
        },
    )


def placeholder(request, **kwargs):
    return render(request, "municipality/placeholder.html")
