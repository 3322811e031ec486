"""API throttling that every worker process shares, counted in one statement per request.

DRF's throttles keep each client's request times as a list in the cache: a read and a write of that list on every
request, and a list as long as the rate (1,200 floats pickled at 1,200/minute). Here each client has one row of
``RateCount`` per rate duration: how many requests it made in the rate's current window and in the one before.
One INSERT … ON CONFLICT DO UPDATE … RETURNING moves the row to the current window, decides and counts the
request, and says whether it was allowed: a request costs one round trip whatever the rate. At a rate of
hundreds a window, a process takes a few requests at a time (a lease, ``lease_size``: 1 % of the rate, at most
``LEASE_MOST``) and lets the next ones of that client through without asking again until they are used or the
window is over: a busy client costs a round trip every few requests. What a process leased and did not use
still counts, so no client gets more than its rate; it may be refused early by what a process took and had not
used when the window ended (at most a lease for each of its threads). The decision is the
sliding-window estimate (the previous window's count weighted by the share of it still inside the last
``duration`` seconds, plus the current count), so a client cannot double its rate across a window boundary as
with fixed windows. Refused requests are not counted, as in DRF. A row never moves back to an earlier window (a
request that read the clock before another one but counts after it joins the later window), and rows whose
windows are over are deleted once every ``PRUNE_EVERY`` counts of a process.

A database without that statement (not SQLite 3.35+ or PostgreSQL) keeps DRF's own throttles, which count in
Django's cache: per process, unless a shared cache is configured.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import threading
import time
from contextlib import contextmanager
from typing import NamedTuple

from django.db import OperationalError, connections, router
from rest_framework import throttling

from ledger.models import RateCount

from .prepared import several_statements

UPSERT_VENDORS = ("sqlite", "postgresql")
PRUNE_EVERY = 1000
_KEY_LENGTH = RateCount._meta.get_field("key").max_length
_counts = itertools.count(1)


_UPSERTS: dict[str, str] = {}  # the statement, by database alias


def _upsert(connection) -> str:
    if connection.alias not in _UPSERTS:
        _UPSERTS[connection.alias] = _upsert_sql(connection)
    return _UPSERTS[connection.alias]


def _upsert_sql(connection) -> str:
    quote = connection.ops.quote_name
    table = quote(RateCount._meta.db_table)
    key, slot, count, previous, granted, expires = map(quote, ("key", "slot", "count", "previous", "granted", "expires"))
    row_slot = f"{table}.{slot}"
    # The row as it stands once moved to the current window (%(slot)s, or a later one it is already in): its
    # count and the previous window's.
    current = f"CASE WHEN {row_slot} >= %(slot)s THEN {table}.{count} ELSE 0 END"
    before = (
        f"CASE WHEN {row_slot} >= %(slot)s THEN {table}.{previous} "
        f"WHEN {row_slot} = %(slot)s - 1 THEN {table}.{count} ELSE 0 END"
    )
    later = f"{row_slot} > %(slot)s"
    # A request counted in a later window than its clock says is taken as made at that window's start. Room: how
    # many more requests the estimate lets through (a request fits while the estimate before it is at most
    # limit - 1). FLOOR: a cast alone rounds on PostgreSQL.
    room = f"CAST(FLOOR(%(limit)s - ({before}) * (CASE WHEN {later} THEN 1.0 ELSE %(weight)s END) - ({current})) AS INTEGER)"
    granted_now = f"CASE WHEN {room} < 1 THEN 0 WHEN {room} > %(take)s THEN %(take)s ELSE {room} END"
    first = "CASE WHEN %(limit)s < 1 THEN 0 WHEN %(limit)s > %(take)s THEN %(take)s ELSE %(limit)s END"
    return (
        f"INSERT INTO {table} ({key}, {slot}, {count}, {previous}, {granted}, {expires}) "
        f"VALUES (%(key)s, %(slot)s, {first}, 0, {first}, %(expires)s) "
        f"ON CONFLICT ({key}) DO UPDATE SET "
        f"{count} = ({current}) + {granted_now}, "
        f"{previous} = {before}, {granted} = {granted_now}, "
        f"{slot} = CASE WHEN {later} THEN {row_slot} ELSE %(slot)s END, "
        f"{expires} = CASE WHEN {later} THEN {table}.{expires} ELSE %(expires)s END "
        f"RETURNING {granted}, {count}, {previous}, {slot}"
    )


def row_key(key: str, duration: int) -> str:
    """The row of a client's count at a rate of this duration; a key too long for the column is hashed."""
    key = f"{key}/{duration}"
    if len(key) > _KEY_LENGTH:
        key = "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key


class Counted(NamedTuple):
    allowed: bool
    count: int  # the window's count after this one
    previous: int  # the previous window's
    elapsed: float  # the share of the window elapsed
    granted: int = 1  # requests granted: this one and those leased with it (0 when refused)
    slot: int = 0  # the window they count in


def count_request(
    key: str, *, limit: int, duration: int, now: float | None = None, connection=None, take: int = 1
) -> Counted:
    """Count one request of ``key`` against ``limit`` per ``duration`` seconds, and with it up to ``take`` - 1
    more the caller will let through without asking (a lease): as many as fit."""
    now = time.time() if now is None else now
    slot = int(now // duration)
    weight = 1 - (now - slot * duration) / duration
    connection = connection or connections[router.db_for_write(RateCount)]
    params = {
        "key": row_key(key, duration), "slot": slot, "weight": weight, "limit": limit, "expires": (slot + 2) * duration,
        "take": max(1, take),
    }
    prefix = _unflushed(connection)
    with connection.cursor() as cursor:
        if next(_counts) % PRUNE_EVERY == 0:
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(RateCount._meta.db_table)} WHERE "
                f"{connection.ops.quote_name('expires')} < %s",
                [int(now)],
            )
        cursor.execute(prefix + _upsert(connection), params)
        if prefix:
            cursor.nextset()  # the SET's result comes first
        granted, count, previous, row_slot = cursor.fetchone()
    elapsed = min(1.0, max(0.0, now / duration - row_slot))
    return Counted(granted > 0, count, previous, elapsed, granted, row_slot)


# Leases are 1 % of the rate (none below 200 a window: each request is counted), and at most this many requests.
LEASE_SHARE = 100
LEASE_MOST = 50


def lease_size(limit: int) -> int:
    return max(1, min(LEASE_MOST, limit // LEASE_SHARE))


class _Leases:
    """What this process leased and has not let through yet, by row key: (window, requests left). Shared by the
    process's threads."""

    def __init__(self):
        self._left: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def use(self, row: str, slot: int) -> bool:
        """Let one request through on a lease of this row taken in this window or a later one (the row counts a
        request made before another worker moved it on as made at that window's start), if one is left."""
        with self._lock:
            window, left = self._left.get(row, (None, 0))
            if window is None or window < slot or left < 1:
                return False
            self._left[row] = (window, left - 1)
            return True

    def keep(self, row: str, slot: int, left: int) -> None:
        """Add ``left`` requests counted in window ``slot`` to the row's lease: threads that missed together each
        counted one, and every request counted is one to let through (a lease of an earlier window is over)."""
        if left < 1:
            return
        with self._lock:
            window, had = self._left.get(row, (None, 0))
            if window is not None and window > slot:
                return  # another thread's count already moved on: this one's window is over
            if len(self._left) >= MAX_LEASES and row not in self._left:  # clients choose the keys: memory stays bounded
                self._left.clear()
            self._left[row] = (slot, left + (had if window == slot else 0))

    def clear(self) -> None:
        with self._lock:
            self._left.clear()


MAX_LEASES = 10_000
LEASES = _Leases()


def seconds_to_wait(*, limit: int, duration: int, count: int, previous: int, elapsed: float) -> float:
    """When the estimate next leaves room for one request: within this window once the previous window's weight
    has fallen enough, else in the next one once this window's has."""
    room = limit - 1
    if room < 0:
        return float(duration)  # no request is ever allowed: say so a window at a time
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
    if connection.in_atomic_block or not several_statements(connection):
        return ""
    return "SET LOCAL synchronous_commit TO OFF; "


# How long, on SQLite, a count waits for the write lock before the request goes on uncounted (milliseconds).
COUNT_LOCK_WAIT_MS = 50


@contextmanager
def _lock_waited_briefly(connection):
    """On SQLite outside a transaction, the count waits COUNT_LOCK_WAIT_MS for the write lock, not the connection's
    timeout (LEDGER_SQLITE_TIMEOUT, which a person's write should wait)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (usual,) = cursor.fetchone()
        cursor.execute(f"PRAGMA busy_timeout = {COUNT_LOCK_WAIT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(usual)}")


def counts_here(connection) -> bool:
    """Whether this database can count a request in one statement (UPSERT with RETURNING)."""
    return connection.vendor in UPSERT_VENDORS and connection.features.can_return_columns_from_insert


class _Counted:
    """``allow_request`` and ``wait`` of a DRF rate throttle, counted in RateCount."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        connection = connections[router.db_for_write(RateCount)]
        if not counts_here(connection):
            return super().allow_request(request, view)
        now = self.timer()
        row, slot = row_key(key, self.duration), int(now // self.duration)
        if LEASES.use(row, slot):
            return True
        try:
            with _lock_waited_briefly(connection):
                counted = count_request(
                    key, limit=self.num_requests, duration=self.duration, now=now, connection=connection,
                    take=lease_size(self.num_requests),
                )
        except OperationalError:
            if connection.vendor != "sqlite" or connection.in_atomic_block:
                raise
            # SQLite: a write (a report loading, seconds long) holds the database's one write lock. Counting would
            # make every request, reads too, wait behind it; the request goes on uncounted instead.
            return True
        LEASES.keep(row, counted.slot, counted.granted - 1)
        self._wait = 0.0 if counted.allowed else seconds_to_wait(
            limit=self.num_requests, duration=self.duration, count=counted.count, previous=counted.previous,
            elapsed=counted.elapsed,
        )
        return counted.allowed

    def wait(self):
        if hasattr(self, "_wait"):
            return math.ceil(self._wait) or 1
        return super().wait()


class AnonRateThrottle(_Counted, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_Counted, throttling.UserRateThrottle):
    pass
