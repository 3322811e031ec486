"""The cache every worker process shares (API throttling counts there): Django's DatabaseCache, with ``set`` in
one statement.

Django's DatabaseCache.set counts the whole table (to cull it), then in a transaction reads the key and inserts
or updates it: six statements for every throttled request. Here a set is one INSERT … ON CONFLICT DO UPDATE
(SQLite and PostgreSQL), and the table is counted and culled as Django does it, but once every ``CULL_EVERY``
sets of a process rather than on each; on PostgreSQL a set outside a transaction does not wait for the disk
(``_unflushed``). Other databases keep Django's own path. What is stored, and how ``get`` and the other methods
read it, is Django's.
"""

from __future__ import annotations

import base64
import itertools
import pickle
from datetime import datetime, timezone

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

UPSERT_VENDORS = ("sqlite", "postgresql")


class SharedDatabaseCache(DatabaseCache):
    # Sets of one process between two counts of the table; the table stays within MAX_ENTRIES plus that many
    # per process.
    CULL_EVERY = 100

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sets = itertools.count(1)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor not in UPSERT_VENDORS:
            return self._base_set("set", key, value, timeout)
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=timezone.utc if settings.USE_TZ else None)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        quote = connection.ops.quote_name
        table, key_column, value_column, expires_column = map(quote, (self._table, "cache_key", "value", "expires"))
        upsert = (
            f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) VALUES (%s, %s, %s) "
            f"ON CONFLICT ({key_column}) DO UPDATE SET {value_column} = EXCLUDED.{value_column}, "
            f"{expires_column} = EXCLUDED.{expires_column}"
        )
        with connection.cursor() as cursor:
            if next(self._sets) % self.CULL_EVERY == 0:
                self._cull_if_full(db, cursor, table)
            cursor.execute(_unflushed(connection) + upsert, [key, encoded, expires])

    def _cull_if_full(self, db, cursor, table):
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            self._cull(db, cursor, tz_now().replace(microsecond=0), count)


def _unflushed(connection) -> str:
    """On PostgreSQL, outside any transaction, what makes the write not wait for its WAL to reach the disk:
    ``SET LOCAL synchronous_commit TO OFF`` sent with it, both one implicit transaction of one round trip (the
    setting holds for that write alone). A flush costs from a fraction of a millisecond to several on every
    throttled request; a crash of the server can lose the last fraction of a second of cache writes, which a
    cache can lose, and never corrupts anything. Inside a transaction (a staff write, say) the setting would hold
    for the whole of it, and with server-side binding two statements cannot share a round trip: there the write
    waits for its flush as before."""
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or connection.settings_dict.get("OPTIONS", {}).get("server_side_binding")
    ):
        return ""
    return "SET LOCAL synchronous_commit TO OFF; "
