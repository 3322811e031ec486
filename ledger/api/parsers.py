"""JSON as DRF's JSONParser reads it, but a body nested deeper than Python's json module can follow (a thousand
``[``) is the client's parse error, a 400, not a RecursionError and a 500."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class LedgerJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error: the body is nested too deeply.")) from None
