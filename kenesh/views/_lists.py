"""Lists of the kenesh that grow with the years (sessions, resolutions, initiatives,
petitions) are read a page at a time (issue 19: ten years cost what one year costs)."""

from django.core.paginator import Paginator

from municipality.pagination import LIST_PAGE_SIZE, feed_page

# Short lists beside a page's main one show the latest few and link to their whole list.
LATEST = 10


def newest_page(request, queryset):
    """A page of a newest-first feed (no COUNT: "Page N")."""
    return feed_page(queryset, request.GET.get("page"), size=LIST_PAGE_SIZE)


def numbered_page(request, queryset):
    """A page of a register browsed by number ("Page N of M")."""
    return Paginator(queryset, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
