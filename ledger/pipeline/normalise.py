"""Raw decoded text -> the one canonical text every offset in the ledger points into."""

from __future__ import annotations


def normalise(raw: str) -> str:
    raise NotImplementedError
