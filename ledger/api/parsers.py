"""JSON as DRF's JSONParser reads it, but a body nested deeper than Python's json module can follow (a thousand
``[``), a number too long for Python to read, or a string holding a lone surrogate (``"\\ud800"``, no character:
the database and the JSON renderer refuse it) is the client's parse error, a 400, not a 500; and a body that is no
JSON is said in the client's language, with where (DRF's message is English only)."""

import json
import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


_SURROGATE = re.compile("[\ud800-\udfff]")


class LedgerJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error: the body is nested too deeply.")) from None
        except ParseError as error:
            cause = error.__context__
            if isinstance(cause, json.JSONDecodeError):
                raise ParseError(_("JSON parse error: the body is not valid JSON (line %(line)d, column %(column)d).")
                                 % {"line": cause.lineno, "column": cause.colno}) from None
            if isinstance(cause, ValueError) and "digits" in str(cause):
                raise ParseError(_("JSON parse error: a number in the body is too long to read.")) from None
            raise ParseError(_("JSON parse error: the body is not valid JSON.")) from None
        if _holds_surrogate(data):
            raise ParseError(_("JSON parse error: a string in the body holds a lone surrogate (\\ud800 to \\udfff), which "
                               "is no character."))
        return data


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
