"""Every user-facing string has a zh-hans translation, and the compiled catalogue carries it."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "ledger" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
ENTRIES = [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]
PLACEHOLDERS = ("source", "path", "count", "body", "year", "limit", "size", "given", "stated", "report", "n", "status")


def translated(entry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def test_catalogue_is_complete():
    assert ENTRIES
    assert [e.msgid for e in ENTRIES if not translated(e) or "fuzzy" in e.flags] == []


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.msgid[:40])
def test_compiled_catalogue_translates(entry):
    with translation.override("zh-hans"):
        if entry.msgid_plural:
            assert translation.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        else:
            assert translation.gettext(entry.msgid) == entry.msgstr


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.msgid[:40])
def test_placeholders_survive_translation(entry):
    for name in PLACEHOLDERS:
        placeholder = f"%({name})"
        assert (placeholder in entry.msgid) == (placeholder in translated(entry)), name
