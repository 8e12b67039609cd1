"""Checks that a list page is paged (issue 19: ten years cost what one year costs).

`create(n)` makes n more rows of the list; `row` is a regular expression that matches the
address of one row's page (the rows of a page are counted by their distinct addresses).
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

PAGE_SIZE = 20


def _get(client, path: str, page=None) -> str:
    if page is not None:
        path = f"{path}{'&' if '?' in path else '?'}page={page}"
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def rows_on(page: str, row: str) -> int:
    return len(set(re.findall(row, page)))


def assert_paged(client, path: str, *, create, row: str, fixed: int = 0) -> None:
    """23 rows: page 1 has 20 and a next link, page 2 the other 3; a page number that is
    not one or is far past the end answers 200; both languages render. `fixed` rows (a
    short list shown whole beside the paged one) match `row` on every page."""
    create(PAGE_SIZE + 3)
    first = _get(client, path)
    assert rows_on(first, row) == PAGE_SIZE + fixed, path
    assert 'rel="next"' in first, path
    second = _get(client, path, page=2)
    assert rows_on(second, row) == 3 + fixed, path
    assert 'rel="prev"' in second and 'rel="next"' not in second, path
    for page in ("abc", "999999999999999999999", "-1"):
        assert rows_on(_get(client, path, page=page), row) >= 3 + fixed, (path, page)
    assert rows_on(_get(client, path.replace("/ky/", "/ru/", 1), page=2), row) == 3 + fixed


def assert_constant_queries(client, path: str, *, create, django_assert_num_queries) -> None:
    """The page's query count is the same with 5 rows and with 60."""
    create(5)
    _get(client, path)  # warm the per-process caches (municipality, site settings)
    with CaptureQueriesContext(connection) as captured:
        _get(client, path)
    create(55)
    with django_assert_num_queries(len(captured)):
        _get(client, path)
