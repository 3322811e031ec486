import os

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
