"""The demo crawler shared by the browser crawl (page widths) and the server-side one (links
that answer 404): breadth-first over the same-site Kyrgyz links, GET only."""

from urllib.parse import urlsplit

SKIP = ("/files/", "/media/", "/static/", "/admin/", "/i18n/", "/logout/", "/feed/", "/pdf/")
SKIP_ENDINGS = (".pdf", ".csv", ".json", ".ics", ".xml", ".zip")
MAX_PAGES_PER_ROLE = 120


def reachable(url, origin):
    """The path to follow, or None; `origin` "" takes the relative links of server-side HTML."""
    parts = urlsplit(url)
    if parts.netloc and f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    if not parts.path.startswith("/ky/"):
        return None
    path = parts.path
    if any(s in path for s in SKIP) or path.endswith(SKIP_ENDINGS):
        return None
    return path + (f"?{parts.query}" if parts.query and "page=" not in parts.query else "")


def crawl_links(start, visit, origin="", limit=MAX_PAGES_PER_ROLE):
    """Breadth-first over the same-site Kyrgyz links from `start`; `visit(path)` opens a page
    and returns the links it shows. Returns the paths seen."""
    seen, queue = set(), list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        for url in visit(path):
            found = reachable(url, origin)
            if found and found not in seen:
                queue.append(found)
    return seen
