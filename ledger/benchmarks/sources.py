"""Where the benchmarks find their reports: the shared corpus (settings.LEDGER_CORPUS_DIR), the seeds,
and the follow-ups in tests/data."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

GWR = "gwr"  # the national government work reports, one file a year


def corpus_dir(folder: str = GWR) -> Path:
    return Path(settings.LEDGER_CORPUS_DIR) / folder


def source_path(name: str, folder: Path | None = None) -> Path:
    """The file an annotation names: ``gwr/…`` in the shared corpus, otherwise a seed, otherwise a file
    of ``folder`` (the follow-ups written for the tests)."""
    if name.startswith(f"{GWR}/"):
        return Path(settings.LEDGER_CORPUS_DIR) / name
    seed = Path(settings.LEDGER_SEEDS_DIR) / name
    return seed if folder is None or seed.exists() else folder / name
