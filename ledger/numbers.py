"""Whole numbers read from a URL, a query string, a form or a sheet cell, and sizes as people read them."""

from __future__ import annotations

_MB = 1024 * 1024

# The largest value a bigint column (an id, an OFFSET) holds.
MAX_BIGINT = 2**63 - 1


def ascii_digits(text: str) -> bool:
    """Whether ``text`` is a run of ASCII digits (not ², ١, １２, +5 or 5.0)."""
    return text.isascii() and text.isdigit()


# Digits read at most: Python refuses to read a number of over 4,300 digits (a ValueError, once a 500), and no
# count or id comes near; a longer one (no bound asked) reads as 10**LONGEST, past anything counted.
LONGEST = 100


def positive_int(value, maximum: int | None = MAX_BIGINT) -> int | None:
    """``value`` as a whole number of 1 or more written in ASCII digits (not ², not ١), at most ``maximum``
    (None: no bound); else None."""
    if not (isinstance(value, str) and ascii_digits(value)):
        return None
    digits = value.lstrip("0")
    if len(digits) > LONGEST:
        return None if maximum is not None else 10**LONGEST
    number = int(digits or "0")
    return number if number >= 1 and (maximum is None or number <= maximum) else None


def megabytes(size: int, *, digits: int = 1) -> str:
    """A size in bytes as a person reads it, in MB (9238048 -> 8.8 MB) or below one MB in KB, to ``digits`` decimals
    (trailing zeros dropped)."""
    size = min(size, 10**15)  # a header may say anything: no float overflow
    unit, name = (_MB, "MB") if size >= _MB else (1024, "KB")
    return f"{round(size / unit, digits):.{digits}f}".rstrip("0").rstrip(".") + f" {name}"


def over_limit(size: int, limit: int) -> dict[str, str]:
    """A size over a limit and the limit, as megabytes() says them, with as many decimals as it takes for the two to
    differ (10001 bytes against 10000 is 9.767 KB against 9.766 KB, not 9.8 against 9.8)."""
    for digits in range(1, 7):
        said = {"size": megabytes(size, digits=digits), "limit": megabytes(limit, digits=digits)}
        if said["size"] != said["limit"]:
            break
    return said
