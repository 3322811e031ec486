"""JSON as DRF's JSONParser reads it, but a body nested deeper than Python's json module can follow (a thousand
``[``), a number too long for Python to read, or a string holding a lone surrogate (``"\\ud800"``, no character:
the database and the JSON renderer refuse it) is the client's parse error, a 400, not a 500, as is a key given twice
or a body said to be in another charset than UTF-8; and a body that is no JSON is said in the client's language, with
where (DRF's message is English only)."""

import codecs
import json
import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, MultiPartParser, get_encoding
from rest_framework.utils.json import strict_constant


_SURROGATE = re.compile("[\ud800-\udfff]")


class LedgerJSONParser(JSONParser):
    """DRF's JSONParser, reading as it does (strict floats), but only UTF-8 (RFC 8259: a body said to be Latin-1 was
    stored as mojibake) and with each key once (of {"status": "fulfilled", "status": "partial"} the last was taken)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        if _codec(encoding) != "utf-8":
            raise ParseError(_("JSON is read as UTF-8 only: the body says it is %(charset)s.") % {"charset": encoding})
        try:
            data = json.load(
                codecs.getreader("utf-8")(stream), parse_constant=strict_constant if self.strict else None,
                object_pairs_hook=_each_key_once,
            )
        except RecursionError:
            raise ParseError(_("JSON parse error: the body is nested too deeply.")) from None
        except _KeyTwice as twice:
            raise ParseError(_("JSON parse error: the field %(name)s is given twice.") % {"name": twice.args[0]}) from None
        except json.JSONDecodeError as cause:
            raise ParseError(_("JSON parse error: the body is not valid JSON (line %(line)d, column %(column)d).")
                             % {"line": cause.lineno, "column": cause.colno}) from None
        except ValueError as cause:
            if "digits" in str(cause):
                raise ParseError(_("JSON parse error: a number in the body is too long to read.")) from None
            raise ParseError(_("JSON parse error: the body is not valid JSON.")) from None
        if _holds_surrogate(data):
            raise ParseError(_("JSON parse error: a string in the body holds a lone surrogate (\\ud800 to \\udfff), which "
                               "is no character."))
        return data


class _KeyTwice(ValueError):
    pass


def _each_key_once(pairs: list) -> dict:
    data = {}
    for key, value in pairs:
        if key in data:
            raise _KeyTwice(key)
        data[key] = value
    return data


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return ""


def _holds_surrogate(data) -> bool:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class LedgerMultiPartParser(MultiPartParser):
    """DRF's MultiPartParser, a body it cannot take said in the client's language (DRF's message is English, with the
    parser's own words: "Invalid boundary in multipart: None")."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError(_("The body is not a well-formed multipart form (its boundary or headers are broken).")) from None
