import os
import unicodedata

import pytest

from ledger.pipeline.decode import decode
from ledger.pipeline.errors import BinaryInputError, DecodeError, EmptyInputError

from .conftest import seed_bytes

SEED_TEXT = seed_bytes("003").decode("utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SEED_TEXT.encode("utf-8"), "utf-8"),
        (SEED_TEXT.encode("utf-8-sig"), "utf-8 with BOM"),
        (SEED_TEXT.encode("utf-16"), "utf-16"),
        (SEED_TEXT.encode("gb18030"), "gb18030"),
        (SEED_TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_supported_encodings_give_the_same_text(data, encoding):
    decoded = decode(data, source="003.txt")
    assert decoded.text.lstrip("\ufeff") == SEED_TEXT
    assert decoded.encoding == encoding


def test_big5_traditional_text_is_read():
    text = "過去一年，在市委的堅強領導下，市人大常委會堅持依法履職。" * 20
    assert decode(text.encode("big5"), source="t.txt").text == text


@pytest.mark.parametrize("data", [b"", b"   \r\n\t  ", "\ufeff".encode("utf-8")])
def test_empty_input_is_refused_naming_the_file(data):
    with pytest.raises(EmptyInputError, match="empty.txt is empty"):
        decode(data, source="empty.txt")


@pytest.mark.parametrize(
    "data",
    [
        os.urandom(4096),
        bytes(range(256)) * 8,
        b"\x89PNG\r\n\x1a\n" + bytes(2000),
        b"%PDF-1.7\n" + bytes(range(256)) * 4,
    ],
)
def test_binary_input_is_refused_naming_the_file(data):
    with pytest.raises((BinaryInputError, DecodeError), match="blob.bin"):
        decode(data, source="blob.bin")


def test_binary_error_says_binary():
    with pytest.raises(BinaryInputError, match="blob.bin is a binary file"):
        decode(b"\x00\x01\x02" * 1000, source="blob.bin")


def test_text_in_an_unsupported_encoding_is_refused():
    latin1 = ("Rapport d'activité du comité permanent, élaboré à Genève. " * 30).encode("latin-1")
    with pytest.raises(DecodeError, match="fr.txt is not in a supported encoding"):
        decode(latin1, source="fr.txt")


def _cp950_copy_of_seed_004() -> tuple[str, bytes]:
    """Seed 004 (traditional, 恒 in it) as a Big5 file from Windows would hold it: cp950 has no toned
    pinyin letters, so the pinyin annotations lose their tones (the normaliser drops them either way),
    and the one character cp950 lacks (嵤, in a place the source had already damaged) goes."""
    text = seed_bytes("004").decode("utf-8")
    assert "恒" in text
    plain = "".join(
        "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)) if ord(ch) < 0x250 else ch
        for ch in text
    )
    copy = plain.replace("嵤", "")
    return text, copy.encode("cp950")


def test_cp950_file_with_a_character_outside_strict_big5_is_read():
    text, data = _cp950_copy_of_seed_004()
    with pytest.raises(UnicodeDecodeError):
        data.decode("big5")  # 恒 is 0xF9DA, outside strict Big5
    decoded = decode(data, source="004-cp950.txt")
    assert decoded.encoding == "cp950"
    assert "恒" in decoded.text


def test_big5hkscs_file_is_read_and_recorded_as_such():
    text = "過去一年，在市委的堅強領導下，市人大常委會堅持依法履職，推進屋邨改造。" * 20
    data = text.encode("big5hkscs")
    with pytest.raises(UnicodeDecodeError):
        data.decode("cp950")
    decoded = decode(data, source="hk.txt")
    assert decoded.text == text
    assert decoded.encoding == "big5hkscs"


def test_strict_big5_is_still_recorded_as_big5():
    text = "過去一年，在市委的堅強領導下，市人大常委會堅持依法履職。" * 20
    assert decode(text.encode("big5"), source="t.txt").encoding == "big5"


@pytest.mark.django_db
def test_cp950_copy_of_seed_004_ingests_with_the_same_commitments():
    from ledger import services
    from ledger.pipeline.read import read_report

    _, data = _cp950_copy_of_seed_004()
    seed = read_report(seed_bytes("004"), source="004.txt")
    result = services.report_ingest(data, source="004-cp950.txt")
    assert result.outcome == services.CREATED
    assert result.report.encoding == "cp950"
    stored = list(result.report.commitments.order_by("start").values_list("text", flat=True))
    assert stored == [c.text for c in seed.commitments]
    assert len(stored) > 10


def test_the_characters_the_binary_check_skips_are_never_control_or_unassigned():
    from ledger.pipeline.decode import _ALLOWED_CONTROLS, _BINARY_CATEGORIES, _MAYBE_BINARY

    skipped = [chr(c) for c in range(0x30000) if not _MAYBE_BINARY.match(chr(c))]
    assert "中" in skipped and "，" in skipped and "a" in skipped
    assert [ch for ch in skipped if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in _BINARY_CATEGORIES] == []


def test_a_file_damaged_in_a_few_places_says_where_and_in_which_encoding():
    text = seed_bytes("003").decode("utf-8")
    gb = bytearray(text.encode("gb18030"))
    for offset in (1000, 9000):
        gb[offset : offset + 2] = b"\x80\xff"
    with pytest.raises(DecodeError, match=r"reads as GB18030 except at \d+ places \(the first at byte 100[01], after “[^”]+”\)"):
        decode(bytes(gb), source="gb.txt")
    utf8 = bytearray(text.encode("utf-8"))
    utf8[3000:3000] = b"\xff"
    with pytest.raises(DecodeError, match=r"reads as UTF-8 except at 1 places \(the first at byte 3000, after “[^”]+”\)"):
        decode(bytes(utf8), source="u.txt")
    # Places, not the characters left unread around them: two bytes overwritten in two characters are two places.
    text = "。".join(["人大常委会工作报告"] * 400).encode("utf-8")
    two = bytearray(text)
    two[3001] = two[6001] = 0xFF
    assert len(text) > 6002
    with pytest.raises(DecodeError, match=r"reads as UTF-8 except at 2 places"):
        decode(bytes(two), source="u.txt")
    # Text in another encoding altogether is not "damaged": the plain message.
    with pytest.raises(DecodeError, match="not in a supported encoding"):
        decode("élaboré à Genève. ".encode("latin-1") * 50, source="fr.txt")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(22) + b"[Content_Types].xml" + bytes(2000), "is a Word, WPS or Excel document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "is an old Word or Excel document"),
        (b"%PDF-1.7\n" + bytes(2000), "is a PDF"),
        # A PDF with no byte outside ASCII (uncompressed) was read as a text, then "not a work report".
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" * 40, "is a PDF"),
        # Any zip was "a Word, WPS or Excel document".
        (b"PK\x03\x04\x14\x00" + bytes(24) + b"report.txt" + bytes(2000), "is a zip archive, not a text: unpack it"),
        (b"\x00\x01\x02" * 500, "is a binary file, not a text report: upload the report as plain text"),
    ],
)
def test_a_file_that_is_no_text_says_what_it_is_and_what_to_do(data, says):
    """A 督查室 receives reports as Word documents: "a binary file" told the clerk nothing to do."""
    with pytest.raises(BinaryInputError, match=f"report.docx {says}.*(plain text|copy|.txt)"):
        decode(data, source="report.docx")


def test_a_real_office_file_is_named_so(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(BinaryInputError, match="is a Word, WPS or Excel document"):
        decode((tmp_path / "t.xlsx").read_bytes(), source="t.xlsx")
