"""Whole numbers read from a URL, a query string, a form or a sheet cell."""

from __future__ import annotations

# The largest value a bigint column (an id, an OFFSET) holds.
MAX_BIGINT = 2**63 - 1


def positive_int(value, maximum: int | None = MAX_BIGINT) -> int | None:
    """``value`` as a whole number of 1 or more written in ASCII digits (not ², not ١), at most ``maximum``
    (None: no bound); else None."""
    if not (isinstance(value, str) and value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number >= 1 and (maximum is None or number <= maximum) else None
