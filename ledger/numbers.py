"""Whole numbers read from a URL, a query string, a form or a sheet cell, and sizes as people read them."""

from __future__ import annotations

import math

_MB = 1024 * 1024

# The largest value a bigint column (an id, an OFFSET) holds.
MAX_BIGINT = 2**63 - 1


def positive_int(value, maximum: int | None = MAX_BIGINT) -> int | None:
    """``value`` as a whole number of 1 or more written in ASCII digits (not ², not ١), at most ``maximum``
    (None: no bound); else None."""
    if not (isinstance(value, str) and value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number >= 1 and (maximum is None or number <= maximum) else None


def megabytes(size: int, *, up: bool = False) -> str:
    """A size in bytes as a person reads it, in MB (9238048 -> 8.8 MB) or below one MB in KB; ``up`` rounds up to the
    tenth, so that a size over a limit never reads as the limit (5242881 -> 5.1 MB, not 5 MB)."""
    unit, name = (_MB, "MB") if size >= _MB else (1024, "KB")
    tenths = size / unit * 10
    value = (math.ceil(tenths) if up else round(tenths)) / 10
    return f"{value:g} {name}"
