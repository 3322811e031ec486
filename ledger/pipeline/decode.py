"""Bytes -> str: the encodings work reports arrive in, and nothing else."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from .errors import BinaryInputError, DecodeError, EmptyInputError, gettext_noop

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings tried by detection when there is no BOM and the bytes are not UTF-8.
# GB18030 is a superset of GBK and GB2312; Big5 covers traditional texts from Taiwan and Hong Kong.
# Real Big5 files are mostly cp950 (Microsoft's Big5, e.g. 恒 as 0xF9DA) or Big5-HKSCS: supersets of
# strict Big5, tried after it.
_DETECTABLE = ["gb18030", "big5", "cp950", "big5hkscs", "utf_16_le", "utf_16_be"]
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")
# Share of control characters above which decoded "text" is taken for binary data.
_MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f", "\v"}
_BINARY_CATEGORIES = ("Cc", "Cs", "Co", "Cn")
# Characters that are never of those categories (printable ASCII and the allowed controls, CJK unified
# ideographs and their extension A, CJK symbols and punctuation, general punctuation, full-width forms; the
# tests check every one): one regex pass finds the others, the only ones whose category is looked up.
_NEVER_BINARY = "\t\n\v\f\r\x20-\x7e\u2010-\u2027\u2030-\u205e\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60"
_MAYBE_BINARY = re.compile(f"[^{_NEVER_BINARY}]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes, *, source: str) -> Decoded:
    """Decode a report file, refusing empty, binary and undecodable input with an error naming ``source``."""
    if not data.strip():
        raise EmptyInputError(gettext_noop("%(source)s is empty."), source=source)
    if data.startswith(_KNOWN_FORMATS):  # a PDF may be all ASCII, read as a text it was not a report
        raise _binary(data, source)
    decoded = _decode_bom(data) or _decode_utf8(data) or _detect(data)
    if decoded is None:
        if b"\x00" in data:
            raise _binary(data, source)
        if damaged := _damaged(data):
            encoding, count, offset = damaged
            raise DecodeError(
                gettext_noop(
                    "%(source)s reads as %(encoding)s except at %(count)d places (the first at byte %(offset)d, after "
                    "“%(before)s”): those bytes are damaged; save the file again from its source, as UTF-8."
                ),
                source=source, encoding=encoding, count=count, offset=offset, before=_words_before(data, offset, encoding),
            )
        raise DecodeError(
            gettext_noop(
                "%(source)s is not in a supported encoding "
                "(UTF-8, UTF-16 with BOM, GB18030/GBK, Big5)."
            ),
            source=source,
        )
    if _looks_binary(decoded.text):
        raise _binary(data, source)
    if not decoded.text.strip():
        raise EmptyInputError(gettext_noop("%(source)s is empty."), source=source)
    return decoded


# What staff upload instead of a text, known by its first bytes, and what to do instead.
_ZIP = b"PK\x03\x04"
# A zip archive is an Office or WPS document where its first entries say so (OpenDocument: its mimetype first).
_OFFICE_ENTRIES = (b"[Content_Types].xml", b"word/", b"xl/", b"ppt/", b"docProps/", b"mimetypeapplication/vnd.oasis")
_OFFICE = gettext_noop(
    "%(source)s is a Word, WPS or Excel document, not a text: open it and save it as plain text (文件 › 另存为 › "
    "纯文本 .txt, UTF-8), or copy the report's text into the form."
)
_ARCHIVE = gettext_noop("%(source)s is a zip archive, not a text: unpack it and upload the report's text file (.txt).")
_NOT_TEXT = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", gettext_noop(
        "%(source)s is an old Word or Excel document (.doc, .xls), not a text: open it and save it as plain text (文件 › "
        "另存为 › 纯文本 .txt, UTF-8), or copy the report's text into the form."
    )),
    (b"%PDF", gettext_noop(
        "%(source)s is a PDF, not a text: copy the report's text from it into the form, or save it as plain text (.txt)."
    )),
)
_KNOWN_FORMATS = (_ZIP, *(magic for magic, _message in _NOT_TEXT))


def _binary(data: bytes, source: str) -> BinaryInputError:
    """The error for a file that is no text, saying what it is where its first bytes tell."""
    if data.startswith(_ZIP):
        return BinaryInputError(_OFFICE if any(entry in data[:4096] for entry in _OFFICE_ENTRIES) else _ARCHIVE, source=source)
    for magic, message in _NOT_TEXT:
        if data.startswith(magic):
            return BinaryInputError(message, source=source)
    return BinaryInputError(
        gettext_noop("%(source)s is a binary file, not a text report: upload the report as plain text (.txt), or copy its "
                     "text into the form."),
        source=source,
    )


def _decode_bom(data: bytes) -> Decoded | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding.replace("-sig", " with BOM"))
            except UnicodeDecodeError:
                return None
    return None


def _decode_utf8(data: bytes) -> Decoded | None:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None


def _detect(data: bytes) -> Decoded | None:
    match = from_bytes(data, cp_isolation=_DETECTABLE).best()
    if match is None:
        return None
    # Strict decoding: detection may pick an encoding that only mostly fits. In the Big5 family the
    # narrowest encoding that reads every byte is the one recorded.
    candidates = _BIG5_FAMILY if match.encoding in _BIG5_FAMILY else (match.encoding,)
    for encoding in candidates:
        try:
            return Decoded(data.decode(encoding), encoding.replace("_", "-"))
        except UnicodeDecodeError:
            continue
    return None


# A file one encoding reads but for at most one byte in this many is that encoding, damaged in places (a few bytes
# lost in a copy); Latin-1 read as GB18030 fails at one byte in ten.
_DAMAGE_SHARE = 200


_UNREAD = re.compile("\ufffd+")


def _damaged(data: bytes) -> tuple[str, int, int] | None:
    """(encoding, places it fails, offset of the first) for a file a supported encoding reads but for a few bytes."""
    # A place is a run of bytes the encoding cannot read (one damaged byte leaves the rest of its character unread).
    failures = {encoding: len(_UNREAD.findall(data.decode(encoding, errors="replace"))) for encoding in ("utf-8", "gb18030", "big5")}
    encoding = min(failures, key=failures.get)
    count = failures[encoding]
    if not 0 < count <= max(1, len(data) // _DAMAGE_SHARE):
        return None
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        return encoding.upper(), count, error.start
    return None


def _words_before(data: bytes, offset: int, encoding: str) -> str:
    """The last words before ``offset``, for a person to find the place in the file."""
    text = data[max(0, offset - 60) : offset].decode(encoding.lower(), errors="ignore")
    return " ".join(text.split())[-15:]


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    controls = sum(
        1
        for ch in _MAYBE_BINARY.findall(sample)
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in _BINARY_CATEGORIES
    )
    return controls > _MAX_CONTROL_SHARE * len(sample)
