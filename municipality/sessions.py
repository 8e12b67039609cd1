"""Database sessions read with one plain SQL statement (issue 19: logged-in pages).

The same table, rows and expiry as `django.contrib.sessions.backends.db`, so a log-out in one
gunicorn worker ends the session in every other one at once (a cached engine would keep it
alive in another worker's local-memory cache). Only the read on every request is written out
by hand: building it through the ORM cost more than running it.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        if not self.session_key:
            self._session_key = None
            return None
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        field = model._meta.get_field
        sql = "SELECT {data} FROM {table} WHERE {key} = %s AND {expiry} > %s".format(
            data=quote(field("session_data").column),
            table=quote(model._meta.db_table),
            key=quote(field("session_key").column),
            expiry=quote(field("expire_date").column),
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
