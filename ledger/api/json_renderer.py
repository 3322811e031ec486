"""JSON as DRF's JSONRenderer writes it, encoded by orjson.

Encoding a page of fifty commitments with the standard library's encoder costs about as much as reading the page
from the database. orjson writes the same compact UTF-8 JSON several times faster; what it does not encode itself
(lazy translations, decimals, dates and times, so that they read exactly as DRF writes them) goes to DRF's own
encoder. An indented response (``; indent=`` in the Accept header) is left to DRF.
"""

from __future__ import annotations

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class LedgerJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) or not self.compact or self.ensure_ascii:
            return super().render(data, accepted_media_type, renderer_context)
        return orjson.dumps(data, default=JSONEncoder().default, option=_OPTIONS)
