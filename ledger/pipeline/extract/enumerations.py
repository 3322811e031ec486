"""Shared-verb enumerations: 制定A、B，修订C / 听取审议计划执行、预算执行、审计等报告.

Splits a list of objects into its items (on 、 and on a 和/及/以及 joining parallel items, never inside
quotes, 《》 or brackets) and completes each item from the parts the list shares (计划执行 + 报告 ->
计划执行报告).
"""

from __future__ import annotations


def split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the items of the enumeration text[start:end], in order; one span if it is no list."""
    raise NotImplementedError


def complete(item: str, *, head: str = "", tail: str = "") -> str:
    """An item completed with the shared head and tail, without doubling what the item already has."""
    raise NotImplementedError
