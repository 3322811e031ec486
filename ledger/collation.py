"""Chinese names in the order staff expect a list of them: by pinyin, as a roster or a dictionary lists them (大足石刻研究院
among the D's, not after every other name as the order of code points puts it)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def by_pinyin(name: str) -> tuple[str, str]:
    """A sort key: the name's pinyin syllables without tones, then the name itself (two names read alike stay apart)."""
    from pypinyin import lazy_pinyin  # its dictionary loads on first use: only pages that sort names pay for it

    return " ".join(lazy_pinyin(name)).lower(), name


# The same order in SQL, for lists the database pages (the admin's list of units): SQLite compares with by_pinyin,
# registered on each connection under this name; PostgreSQL with ICU's Chinese collation, whose default is pinyin.
SQLITE_PINYIN = "pinyin"
POSTGRESQL_PINYIN = "zh-x-icu"


def pinyin_collation(vendor: str) -> str:
    return POSTGRESQL_PINYIN if vendor == "postgresql" else SQLITE_PINYIN


def _compare(left: str, right: str) -> int:
    a, b = by_pinyin(left), by_pinyin(right)
    return (a > b) - (a < b)


def register_pinyin(sender, connection, **kwargs) -> None:
    """connection_created: SQLite learns the pinyin collation (PostgreSQL has its own)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_PINYIN, _compare)
