"""Pages of a long newest-first list without counting it.

Django's Paginator counts every row to print "Page 3 of 2 000": the notice board of ten years
(~40 000 notices) would pay that COUNT on every visit (bench/scale.py). `feed_page` reads one
row more than it shows to know whether an older page exists and prints "Page 3";
`includes/pagination.html` takes either kind of page. `rows_per_item` counts related rows
as a subquery, so a paged list computes the counts of its own page only and a paginator's
COUNT leaves them out (a Count() annotation would join and group every related row).
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

# Rows on a page of a public list (contests, hearings, sessions, resolutions, protocols…).
LIST_PAGE_SIZE = 20

# A page number beyond this is read as the last page anyone could reach (and keeps the
# OFFSET within what the database accepts, whatever is typed into the address).
MAX_PAGE = 100_000


@dataclass(frozen=True)
class FeedPage:
    object_list: list
    number: int
    has_next: bool
    paginator = None  # no total: the template prints "Page N" only

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def feed_page(queryset, number, *, size: int) -> FeedPage:
    """The `number`-th page of `size` rows (1 on anything that is not a page number)."""
    try:
        number = min(max(int(number), 1), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    rows = _rows(queryset, number, size)
    if not rows and number > 1:
        # Past the end (an old link to a list that shrank): the last page, as Django's
        # Paginator.get_page gives; the only case that counts.
        number = max(1, -(-queryset.count() // size))
        rows = _rows(queryset, number, size)
    return FeedPage(object_list=rows[:size], number=number, has_next=len(rows) > size)


def _rows(queryset, number: int, size: int) -> list:
    start = (number - 1) * size
    return list(queryset[start : start + size + 1])


def list_page(
    request, queryset, *, numbered: bool = False, param: str = "page", size=LIST_PAGE_SIZE
):
    """The page of `queryset` that `?<param>=` asks for: numbered (Django's Paginator,
    "Page 2 of 9") for a register people browse by number, else a newest-first feed
    without COUNT ("Page 2")."""
    number = request.GET.get(param)
    if numbered:
        return Paginator(queryset, size).get_page(number)
    return feed_page(queryset, number, size=size)


def rows_per_item(rows: QuerySet, *, item: str):
    """An annotation: how many of `rows` point (by their field `item`) to each listed row."""
    counted = (
        rows.filter(**{item: OuterRef("pk")})
        .order_by()
        .values(item)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)
