"""Who delivered a report, what kind it is and for which year, each with where it was read from."""

from __future__ import annotations

from .types import Fact, Metadata


def read_metadata(text: str, *, overrides: dict[str, Fact] | None = None) -> Metadata:
    raise NotImplementedError
