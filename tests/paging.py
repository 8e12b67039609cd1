"""Checks that a list page is paged (issue 19: ten years cost what one year costs).

`create(n)` makes n more rows of the list; `row` is a regular expression that matches the
address of one row's page (the rows of a page are counted by their distinct addresses).
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

PAGE_SIZE = 20


def _get(client, path: str, page=None, param: str = "page") -> str:
    if page is not None:
        path = f"{path}{'&' if '?' in path else '?'}{param}={page}"
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def _link(page: str, param: str, rel: str) -> bool:
    """Whether the page links to the previous/next page of the list paged by `param`."""
    return re.search(rf'[?;]{param}=\d+" rel="{rel}"', page) is not None


def rows_on(page: str, row: str) -> int:
    return len(set(re.findall(row, page)))


def assert_paged(
    client, path: str, *, create, row: str, fixed: int = 0, param: str = "page"
) -> None:
    """23 rows: page 1 has 20 and a next link, page 2 the other 3; a page number that is
    not one or is far past the end answers 200; both languages render. `fixed` rows (a
    short list shown whole beside the paged one) match `row` on every page; `param` names
    the page's parameter where a page shows several paged lists."""
    create(PAGE_SIZE + 3)
    first = _get(client, path)
    assert rows_on(first, row) == PAGE_SIZE + fixed, path
    assert _link(first, param, "next"), path
    second = _get(client, path, page=2, param=param)
    assert rows_on(second, row) == 3 + fixed, path
    assert _link(second, param, "prev") and not _link(second, param, "next"), path
    for page in ("abc", "999999999999999999999", "-1"):
        assert rows_on(_get(client, path, page, param), row) >= 3 + fixed, (path, page)
    russian = _get(client, path.replace("/ky/", "/ru/", 1), page=2, param=param)
    assert rows_on(russian, row) == 3 + fixed


def assert_constant_queries(client, path: str, *, create, django_assert_num_queries) -> None:
    """The page's query count is the same with 5 rows and with 60."""
    create(5)
    _get(client, path)  # warm the per-process caches (municipality, site settings)
    with CaptureQueriesContext(connection) as captured:
        _get(client, path)
    create(55)
    with django_assert_num_queries(len(captured)):
        _get(client, path)
