"""The manifest says what each seed is; the pipeline must read the same from the text alone."""

import pytest

from ledger.manifest import manifest_entry
from ledger.pipeline.read import read_report

from .conftest import SEED_FILES, SEEDS


def test_every_seed_is_in_the_manifest():
    assert SEED_FILES and all(manifest_entry(SEEDS / name) for name in SEED_FILES)


@pytest.mark.parametrize("name", SEED_FILES)
def test_metadata_read_without_manifest_agrees_with_it(name):
    entry = manifest_entry(SEEDS / name)
    meta = read_report((SEEDS / name).read_bytes(), source=name).metadata
    read = {field: getattr(meta, field).value for field in ("body", "level", "parent", "kind", "year")}
    assert read == {field: entry[field] for field in ("body", "level", "parent", "kind", "year")}
    assert "manifest" not in {getattr(meta, field).source for field in read}
