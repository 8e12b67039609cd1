"""Search across the portal: one box, every app's public items (a registry, like my_work).

The kernel imports no app. Each app registers a provider in its AppConfig.ready():

    from municipality.selectors.search import search_register
    search_register("initiatives.contests", contests_search)

A provider is ``fn(*, query: str, limit: int) -> list[dict]`` and returns only what a
visitor may see. Each hit is a dict with ``kind`` (a translated label, e.g. "Конкурс"),
``title``, ``url`` and optionally ``text`` (a short excerpt) and ``date``. A provider
makes ONE query (``text_filter`` below narrows it, ``[:limit]`` bounds it), so a search
costs the same number of queries whether the portal holds ten items or ten thousand.

``text_filter(queryset, fields, query)`` is the shared matcher: PostgreSQL full-text search
(the "simple" configuration, every word as a prefix, so "мектеп" finds "мектептин" and
Russian "школ" finds "школы") over the given fields in every language; on SQLite a
case-folded ``icontains`` on each word (SQLite folds only ASCII, so Cyrillic is tried in
its usual cases too).
"""

import logging
import re
from collections.abc import Callable

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from municipality.models import Notice

from .documents import documents_published

logger = logging.getLogger(__name__)

#: Longer queries are cut (nobody types more, and the query stays cheap).
QUERY_MAX_LENGTH = 100
#: At most this many words of a query count.
QUERY_MAX_WORDS = 6
#: Hits per provider.
PER_PROVIDER = 10

PROVIDERS: dict[str, Callable] = {}

_WORD = re.compile(r"\w+", re.UNICODE)


def search_register(name: str, fn: Callable) -> None:
    """Add (or replace) the provider called `name`."""
    PROVIDERS[name] = fn


def search_clean(query) -> str:
    """The query trimmed, without NUL characters, at most QUERY_MAX_LENGTH characters."""
    return " ".join(str(query or "").replace("\x00", " ").split())[:QUERY_MAX_LENGTH]


def search_words(query: str) -> list[str]:
    """The words of a query (letters and digits only), at most QUERY_MAX_WORDS."""
    return [w for w in _WORD.findall(query) if w.strip("_")][:QUERY_MAX_WORDS]


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def text_filter(queryset: QuerySet, fields: list[str], query: str) -> QuerySet:
    """`queryset` narrowed to rows where every word of `query` occurs in one of `fields`."""
    words = search_words(query)
    if not words:
        return queryset.none()
    if _is_postgres():
        raw = " & ".join(f"{w.lower()}:*" for w in words)
        vector = SearchVector(*fields, config="simple")
        return queryset.annotate(_search=vector).filter(
            _search=SearchQuery(raw, search_type="raw", config="simple")
        )
    condition = Q()
    for word in words:
        variants = {word, word.lower(), word.upper(), word[:1].upper() + word[1:].lower()}
        any_field = Q()
        for field in fields:
            for variant in variants:
                any_field |= Q(**{f"{field}__icontains": variant})
        condition &= any_field
    return queryset.filter(condition)


def excerpt(text: str, query: str, width: int = 160) -> str:
    """A short piece of `text` around the first word of `query` found in it."""
    text = " ".join(str(text or "").split())
    if len(text) <= width:
        return text
    lowered = text.lower()
    at = -1
    for word in search_words(query):
        at = lowered.find(word.lower())
        if at >= 0:
            break
    start = max(0, at - width // 3) if at >= 0 else 0
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def portal_search(query, *, limit: int = PER_PROVIDER) -> list[dict]:
    """Every provider's hits for `query`, grouped by kind in registration order.

    Returns ``[{"kind": ..., "hits": [...]}]`` without the empty groups. A provider that
    raises is logged and skipped: one app's bug must not break the search page.
    """
    query = search_clean(query)
    if not search_words(query):
        return []
    groups: dict[str, list[dict]] = {}
    for name, fn in PROVIDERS.items():
        try:
            hits = fn(query=query, limit=limit) or []
        except Exception:  # noqa: BLE001
            logger.exception("search provider %s failed", name)
            continue
        for hit in hits:
            groups.setdefault(str(hit["kind"]), []).append(hit)
    return [{"kind": kind, "hits": hits} for kind, hits in groups.items()]


# The kernel's own providers (registered in MunicipalityConfig.ready()).


def notices_search(*, query: str, limit: int) -> list[dict]:
    fields = ["title_ky", "title_ru", "body_ky", "body_ru"]
    notices = text_filter(Notice.objects.visible(), fields, query).order_by("-publish_at", "-pk")
    return [
        {
            "kind": gettext("Notice"),
            "title": n.title,
            "url": n.get_absolute_url(),
            "text": excerpt(n.body, query),
            "date": n.publish_at,
        }
        for n in notices[:limit]
    ]


def documents_search(*, query: str, limit: int) -> list[dict]:
    documents = text_filter(documents_published(), ["title"], query).order_by("-date", "-pk")
    return [
        {
            "kind": gettext("Document"),
            "title": d.title,
            "url": d.get_absolute_url(),
            "text": f"{d.get_kind_display()} № {d.number}",
            "date": d.date,
        }
        for d in documents[:limit]
    ]
