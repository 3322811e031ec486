"""seeds/manifest.yaml: what each seed file is, as known by a person rather than read by the pipeline."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .pipeline.types import Fact

MANIFEST_NAME = "manifest.yaml"
OVERRIDABLE = ("body", "kind", "year")


@cache
def _load(directory: Path) -> dict[str, dict]:
    path = directory / MANIFEST_NAME
    if not path.is_file():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {entry["file"]: entry for entry in entries.get("reports", [])}


def manifest_entry(path: Path) -> dict | None:
    """The manifest entry describing ``path``, from the manifest in the same folder, if any."""
    return _load(path.resolve().parent).get(path.name)


def manifest_entries(directory: Path) -> dict[str, dict]:
    return dict(_load(directory.resolve()))


def manifest_overrides(path: Path) -> dict[str, Fact]:
    entry = manifest_entry(path) or {}
    return {name: Fact(entry[name], "manifest", MANIFEST_NAME) for name in OVERRIDABLE if name in entry}
