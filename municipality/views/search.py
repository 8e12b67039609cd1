"""The portal-wide search page (municipality/selectors/search.py holds the registry)."""

from django.shortcuts import render

from municipality.selectors.search import QUERY_MAX_LENGTH, portal_search, search_clean


def search(request):
    """GET ?q=: every app's public items matching the words, grouped by kind."""
    query = search_clean(request.GET.get("q"))
    groups = portal_search(query) if query else []
    return render(
        request,
        "municipality/search.html",
        {
            "query": query,
            "groups": groups,
            "total": sum(len(g["hits"]) for g in groups),
            "max_length": QUERY_MAX_LENGTH,
        },
    )
