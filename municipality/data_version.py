"""The stored data version: one number that changes whenever anything is written to the
database, so pages cached for a logged-in person are never stale (issue 19).

A person's own pages show rows no visitor sees (their drafts, subscriptions, signatures, the
office's queues, the outbox's counters), and many of those are written without an audit row,
so the public content version (`services/public_version.py`) does not cover them. Instead of
asking every write service to say what it wrote, the kernel watches the database connection
itself: `watch_writes` is installed on every connection as it opens (`MunicipalityConfig.ready`
calls `watch_all_writes`), in the web processes, the Celery workers and the management
commands alike, and sees every INSERT, UPDATE and DELETE that the ORM, a bulk update, a raw
cursor or a session save sends. Only another program could write around it.

A write bumps the version when its transaction commits (once per transaction or savepoint,
never per statement): a page rendered before the commit was stamped with the number read
before it, so the bump makes it stale for good. The first write of a request (or after a
commit) also bumps at once, for readers inside a transaction that has not committed yet (a
test's). A rolled-back write only costs a render. The version lives in the "pages" cache
next to the public one.
"""

import threading

from django.core.signals import request_started
from django.db import connections
from django.db.backends.signals import connection_created

from municipality.services.public_version import version_bump, version_get

DATA_VERSION_KEY = "stored-data-version"
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE", "MERGE")
# Whether this thread's current request or transaction has bumped at its first write.
_state = threading.local()


def data_version() -> int:
    """The current stored data version (created on first use)."""
    return version_get(key=DATA_VERSION_KEY)


def _bump() -> None:
    version_bump(key=DATA_VERSION_KEY)


def is_write(sql) -> bool:
    """Whether a statement writes rows (a CTE counts when it holds a writing verb)."""
    if not isinstance(sql, str):
        return True  # a composed statement: assume the worst
    head = sql.lstrip()[:8].upper()
    if head.startswith(WRITE_VERBS):
        return True
    if head.startswith("WITH"):
        words = set(sql.upper().split())
        return not words.isdisjoint(WRITE_VERBS)
    return False


def _bump_pending(connection) -> bool:
    """Whether this transaction already asks for a bump at commit, at this savepoint or an
    outer one still open, in constant time (a transaction that queues 10 000 messages has
    10 000 other callbacks). Django keeps `run_on_commit` as (savepoint ids, callback,
    robust) and rebuilds it when a savepoint rolls back, taking that savepoint's callbacks
    out; a commit empties it. So the entry this module added is still pending only while it
    is the same object at the same place."""
    found = getattr(connection, "_data_bump_entry", None)
    if found is None:
        return False
    index, entry = found
    pending = connection.run_on_commit
    return (
        index < len(pending)
        and pending[index] is entry
        and entry[0] <= set(connection.savepoint_ids)
    )


def _ask_at_commit(connection) -> None:
    connection.on_commit(_committed, robust=True)
    connection._data_bump_entry = (len(connection.run_on_commit) - 1, connection.run_on_commit[-1])


def _committed() -> None:
    _state.bumped = False
    _bump()


def work_started(**kwargs) -> None:
    """`request_started` receiver: a new request bumps again at its first write."""
    _state.bumped = False


def data_changed(connection) -> None:
    """Say that rows were written on `connection`: bump at commit (what makes a stored page
    stale for good) and, once per request or transaction, at once (what a reader inside a
    transaction that has not committed yet, such as a test's, sees)."""
    if not connection.in_atomic_block:
        _bump()  # autocommit: the row is already committed
        return
    if not getattr(_state, "bumped", False):
        _state.bumped = True
        _bump()
    if not _bump_pending(connection):
        _ask_at_commit(connection)


def watch_writes(execute, sql, params, many, context):
    """A database execute wrapper: every writing statement bumps the stored data version."""
    result = execute(sql, params, many, context)
    if is_write(sql):
        data_changed(context["connection"])
    return result


def install_write_watch(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: watch every new connection's writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def watch_all_writes() -> None:
    """Watch the writes of every connection: those open now and every one opened later."""
    connection_created.connect(install_write_watch, dispatch_uid="jamaat-write-watch")
    request_started.connect(work_started, dispatch_uid="jamaat-write-watch")
    for connection in connections.all(initialized_only=True):
        install_write_watch(None, connection)
