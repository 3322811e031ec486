"""DRF's content negotiation, answered at once for the requests programs send: no format asked for in the URL
and an Accept header that is absent, ``*/*`` or ``application/json``. DRF parses the header and every
renderer's media type for each request to reach the same answer: the first renderer for ``*/*``, the JSON one
for ``application/json``. Anything else (a browser's Accept list, ``?format=``, ``; indent=``) goes to DRF."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation

_PLAIN = frozenset({"*/*", "application/json"})


class LedgerContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        accept = request.META.get("HTTP_ACCEPT", "*/*").strip()
        if format_suffix is None and accept in _PLAIN and self.settings.URL_FORMAT_OVERRIDE not in request.query_params:
            first = renderers[0]
            if accept != "application/json" or first.media_type == accept:
                return first, first.media_type
        asked = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if format_suffix is None and asked and not any(renderer.format == asked for renderer in renderers):
            # DRF answers 404, as if the endpoint were not there (a suffix of the path, /1.5/, stays a 404).
            raise NotAcceptable(
                _("No format %(format)s here; format is one of: %(choices)s.")
                % {"format": asked, "choices": ", ".join(dict.fromkeys(r.format for r in renderers))}
            )
        return super().select_renderer(request, renderers, format_suffix)
