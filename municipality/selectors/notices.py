"""Reads of the notice board: what a visitor sees, and what the office manages."""

from django.db.models import Q, QuerySet

from municipality.models import Notice

#: Longer search strings are cut: nobody types more, and it keeps the query cheap.
SEARCH_MAX_LENGTH = 100
_SEARCH_FIELDS = ("title_ky", "title_ru", "title_en", "body_ky", "body_ru", "body_en")


def notice_search_clean(query) -> str:
    """The search text, trimmed, without NUL characters (PostgreSQL refuses them)."""
    return (query or "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]


def notice_category_clean(category) -> str:
    """The category if it is a known one, else "" (an unknown one shows everything)."""
    return category if category in Notice.Category.values else ""


def notice_board(*, category: str = "", query: str = "", now=None) -> QuerySet[Notice]:
    """Notices a visitor may see, emergency first then newest, filtered and searched.

    The search looks at the title and text in every language, so a word typed in
    Russian on a Kyrgyz page still finds its notice.
    """
    notices = Notice.objects.visible(now).board_order()
    category = notice_category_clean(category)
    if category:
        notices = notices.filter(category=category)
    query = notice_search_clean(query)
    if query:
        # SQLite folds only ASCII letters, so Cyrillic is also tried in its usual cases.
        variants = {query, query.lower(), query.upper(), query[:1].upper() + query[1:].lower()}
        condition = Q()
        for field in _SEARCH_FIELDS:
            for variant in variants:
                condition |= Q(**{f"{field}__icontains": variant})
        notices = notices.filter(condition)
    return notices


def notice_latest(*, limit: int = 5, now=None) -> list[Notice]:
    """The first notices of the board for the home page."""
    return list(Notice.objects.visible(now).board_order()[:limit])


def notice_public_detail_queryset(now=None) -> QuerySet[Notice]:
    """Visible notices with their attachments; drafts, scheduled and expired ones are absent."""
    return Notice.objects.visible(now).prefetch_related("attachments")


def notice_office_list(*, status: str = "") -> QuerySet[Notice]:
    """Every notice, whatever its status, newest first, for the office pages."""
    notices = Notice.objects.select_related("author").order_by("-publish_at", "-pk")
    if status in Notice.Status.values:
        notices = notices.filter(status=status)
    return notices
