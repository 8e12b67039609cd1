"""Visits that tell where a page came from (municipality/page_cache.py sets X-Page-Cache):
the staleness tests first prove a page is stored, then write, then ask again."""


def cached(client, path) -> str:
    """Visit twice; the second answer must come from the cache, the same as the first."""
    first = client.get(path)
    assert first.status_code == 200, path
    second = client.get(path)
    assert second["X-Page-Cache"] == "hit", path
    assert second.content == first.content
    return second.content.decode()


def fresh(client, path, status=200) -> str:
    """Visit once; a page must be rendered afresh (and stored again)."""
    response = client.get(path)
    assert response.status_code == status, path
    if status == 200:
        assert response["X-Page-Cache"] == "miss", path
    return response.content.decode()
