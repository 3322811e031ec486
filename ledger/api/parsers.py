"""JSON as DRF's JSONParser reads it, but a body nested deeper than Python's json module can follow (a thousand
``[``) is the client's parse error, a 400, not a RecursionError and a 500; and a body that is no JSON is said in the
client's language, with where (DRF's message is English only)."""

import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class LedgerJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error: the body is nested too deeply.")) from None
        except ParseError as error:
            cause = error.__context__
            if isinstance(cause, json.JSONDecodeError):
                raise ParseError(_("JSON parse error: the body is not valid JSON (line %(line)d, column %(column)d).")
                                 % {"line": cause.lineno, "column": cause.colno}) from None
            raise ParseError(_("JSON parse error: the body is not valid JSON.")) from None
