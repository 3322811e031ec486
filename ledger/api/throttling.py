"""API throttling that every worker process shares, counted in one statement per request.

DRF's throttles keep each client's request times as a list in the cache: a read and a write of that list on every
request, and a list as long as the rate (1,200 floats pickled at 1,200/minute). Here each client has one row of
``RateCount``: how many requests it made in the rate's current window and in the one before. One INSERT … ON
CONFLICT DO UPDATE … RETURNING moves the row to the current window, decides and counts the request, and says
whether it was allowed: a request costs one round trip whatever the rate. The decision is the sliding-window
estimate (the previous window's count weighted by the share of it still inside the last ``duration`` seconds,
plus the current count), so a client cannot double its rate across a window boundary as with fixed windows.
Refused requests are not counted, as in DRF. Databases without that statement keep DRF's own throttles.
"""

from __future__ import annotations

import math
import time

from django.db import connections, router
from rest_framework import throttling

from ledger.models import RateCount

UPSERT_VENDORS = ("sqlite", "postgresql")


def _upsert(connection) -> str:
    quote = connection.ops.quote_name
    table = quote(RateCount._meta.db_table)
    key, slot, count, previous, allowed = map(quote, ("key", "slot", "count", "previous", "allowed"))
    # The row as it stands once moved to the current window (%(slot)s): its count and the previous window's.
    current = f"CASE WHEN {table}.{slot} = %(slot)s THEN {table}.{count} ELSE 0 END"
    before = (
        f"CASE WHEN {table}.{slot} = %(slot)s THEN {table}.{previous} "
        f"WHEN {table}.{slot} = %(slot)s - 1 THEN {table}.{count} ELSE 0 END"
    )
    fits = f"({before}) * %(weight)s + ({current}) <= %(limit)s - 1"
    return (
        f"INSERT INTO {table} ({key}, {slot}, {count}, {previous}, {allowed}) "
        f"VALUES (%(key)s, %(slot)s, 1, 0, %(limit)s >= 1) "
        f"ON CONFLICT ({key}) DO UPDATE SET "
        f"{count} = ({current}) + CASE WHEN {fits} THEN 1 ELSE 0 END, "
        f"{previous} = {before}, {allowed} = {fits}, {slot} = %(slot)s "
        f"RETURNING {allowed}, {count}, {previous}"
    )


def count_request(key: str, *, limit: int, duration: int, now: float | None = None) -> tuple[bool, int, int, float]:
    """Count one request of ``key`` against ``limit`` per ``duration`` seconds. Returns whether it is allowed,
    the window's count and the previous window's (after it), and the share of the window elapsed."""
    now = time.time() if now is None else now
    slot, elapsed = divmod(now, duration)
    weight = 1 - elapsed / duration
    connection = connections[router.db_for_write(RateCount)]
    prefix = _unflushed(connection)
    with connection.cursor() as cursor:
        cursor.execute(prefix + _upsert(connection), {"key": key, "slot": int(slot), "weight": weight, "limit": limit})
        if prefix:
            cursor.nextset()  # the SET's result comes first
        allowed, count, previous = cursor.fetchone()
    return bool(allowed), count, previous, elapsed / duration


def seconds_to_wait(*, limit: int, duration: int, count: int, previous: int, elapsed: float) -> float:
    """When the estimate next leaves room for one request: within this window once the previous window's weight
    has fallen enough, else in the next one once this window's has."""
    room = limit - 1
    if count <= room and previous:
        # previous * (1 - f) + count <= room  ⇔  f >= 1 - (room - count) / previous
        return max(0.0, (1 - (room - count) / previous) - elapsed) * duration
    return ((1 - elapsed) + max(0.0, 1 - room / count if count else 0.0)) * duration


def _unflushed(connection) -> str:
    """On PostgreSQL, outside any transaction, what makes the write not wait for its WAL to reach the disk:
    ``SET LOCAL synchronous_commit TO OFF`` sent with it, one implicit transaction of one round trip (the setting
    holds for that write alone). A flush costs from a fraction of a millisecond to several on every request; a
    crash of the server can lose the last fraction of a second of counts, which never corrupts anything. Inside a
    transaction the setting would hold for the whole of it, and with server-side binding two statements cannot
    share a round trip: there the count waits for its flush."""
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or connection.settings_dict.get("OPTIONS", {}).get("server_side_binding")
    ):
        return ""
    return "SET LOCAL synchronous_commit TO OFF; "


class _Counted:
    """``allow_request`` and ``wait`` of a DRF rate throttle, counted in RateCount."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        if connections[router.db_for_write(RateCount)].vendor not in UPSERT_VENDORS:
            return super().allow_request(request, view)
        allowed, count, previous, elapsed = count_request(key, limit=self.num_requests, duration=self.duration)
        self._wait = 0.0 if allowed else seconds_to_wait(
            limit=self.num_requests, duration=self.duration, count=count, previous=previous, elapsed=elapsed
        )
        return allowed

    def wait(self):
        if hasattr(self, "_wait"):
            return math.ceil(self._wait) or 1
        return super().wait()


class AnonRateThrottle(_Counted, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_Counted, throttling.UserRateThrottle):
    pass
