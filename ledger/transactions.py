"""One transaction that can be thrown away: dry runs, fixture builds and benchmarks share it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def atomic(*, rollback: bool = False) -> Iterator[None]:
    """``transaction.atomic``; with ``rollback=True`` nothing written inside is kept, though every read
    inside sees it (a dry run prints what it would store)."""
    with transaction.atomic():
        yield
        if rollback:
            transaction.set_rollback(True)
