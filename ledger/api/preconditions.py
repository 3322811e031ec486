"""If-Match on a write whose resource has no version to compare (a report uploaded, a unit, a progress entry, a
sheet): no tag it names can match, so, as HTTP has it, the write is not made (412), rather than made as if the
client had set no condition. ``*`` (the resource exists) holds. The versioned writes check their own tags
(versions.py)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.permissions import SAFE_METHODS

from ..versions import if_match_tags


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = _(
        "Nothing was saved: this request has no version to compare with If-Match (only a commitment's status and "
        "台账 fields, and a passage's confirm and reject, have one). Send it without If-Match, or with If-Match: *."
    )


class Preconditions:
    """A view mixin; ``versioned_actions``: the actions that compare If-Match themselves."""

    versioned_actions: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in SAFE_METHODS or getattr(self, "action", None) in self.versioned_actions:
            return
        if if_match_tags(request.headers.get("If-Match")) is not None:
            raise PreconditionFailed()
