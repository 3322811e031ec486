"""Every user-facing string has a zh-hans translation, and the compiled catalogue carries it."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "ledger" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
ENTRIES = [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]


def test_catalogue_is_complete():
    assert ENTRIES
    assert [e.msgid for e in ENTRIES if not e.msgstr or "fuzzy" in e.flags] == []


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.msgid[:40])
def test_compiled_catalogue_translates(entry):
    with translation.override("zh-hans"):
        assert translation.gettext(entry.msgid) == entry.msgstr


def test_placeholders_survive_translation():
    for entry in ENTRIES:
        for name in ("source", "path", "count", "body", "year", "limit", "size", "given", "stated"):
            placeholder = f"%({name})"
            assert (placeholder in entry.msgid) == (placeholder in entry.msgstr), entry.msgid
