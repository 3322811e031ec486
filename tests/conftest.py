from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
CORPUS = ROOT.parent / "shared" / "corpus" / "gwr"

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/gwr is absent")


def seed_bytes(name_prefix: str) -> bytes:
    """The seed whose file name starts with ``name_prefix`` (000 … 004), as bytes."""
    (path,) = SEEDS.glob(f"{name_prefix}*.txt")
    return path.read_bytes()


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Tests create and log in users all the time; the default PBKDF2 (a million rounds) costs ~0.3 s each."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def seeded(db):
    """The five seeds ingested as the manifest describes them."""
    from ledger.seeds import ingest_seeds

    return ingest_seeds()
