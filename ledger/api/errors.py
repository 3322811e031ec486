"""One error body for every failure: {"error": {"status", "code", "message", "detail"}}."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.defaults import page_not_found
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from ..messages import changed_by, error_message, last_changed_by
from ..pipeline.errors import IngestError, TooLargeError


class IngestRefused(exceptions.APIException):
    """Bad input for a report: 413 when it is too large, 400 otherwise, with the pipeline's code."""

    def __init__(self, error: IngestError):
        self.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE if isinstance(error, TooLargeError) else 400
        super().__init__(detail=error_message(error), code=error.code)


class ChangedSinceRead(exceptions.APIException):
    """A write with If-Match whose version of what it writes is no longer the one read (versions.py)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "changed_since_read"

    def __init__(self, message, *, user=None, when=None, code=None):
        super().__init__(message, code)
        # Beside the message, for a program: who made the change (null: the machine, or not known) and when.
        self.changed = {
            "changed_by": getattr(user, "username", None),
            "changed_at": timezone.localtime(when).isoformat() if when else None,  # as the API gives times
        }

    @classmethod
    def not_a_version(cls, what: str, path: str):
        """If-Match names no tag of the form the resource's ETag takes: it says no read, and blames no change."""
        return cls(gettext(
            "Nothing was saved: If-Match names no version of %(what)s (send the ETag that GET %(path)s gave, or no "
            "If-Match)."
        ) % {"what": what, "path": path}, code="not_a_version")

    @classmethod
    def task(cls, record, asker=None):
        """``record``: the history record of the change the client did not see (versions.changer; None: none);
        ``asker``: who sends the write (their own earlier write, its answer lost, is said to be theirs)."""
        if record is not None and asker is not None and record.history_user_id == getattr(asker, "pk", None):
            return cls(gettext(
                "Nothing was saved: you changed this task yourself at %(when)s, after the version you sent (If-Match) "
                "was read (a write of yours whose answer was lost?). Read the task again: if it holds your change, "
                "nothing more is needed."
            ) % changed_by(record), user=record.history_user, when=record.history_date)
        if record is None:
            return cls(gettext(
                "Nothing was saved: this task changed after the version you sent (If-Match) was read. Read the task "
                "again and make your change again if it is still needed."
            ))
        return cls(gettext(
            "Nothing was saved: %(user)s changed this task at %(when)s, after the version you sent (If-Match) "
            "was read. Read the task again and make your change again if it is still needed."
        ) % changed_by(record), user=record.history_user, when=record.history_date)

    @classmethod
    def passage(cls, evidence):
        """``evidence``: the passage as it is now (None: a relink took it away)."""
        if evidence is None:
            return cls(gettext(
                "Nothing was saved: the machine linked the reports again after the version you sent (If-Match) was "
                "read, and no longer proposes the passage."
            ))
        now = {"decision": evidence.get_decision_display(), "verdict": evidence.get_verdict_display()}
        if evidence.decided_by_id is None:  # no person's decision: a relink wrote it (no history row of its own)
            return cls(gettext(
                "Nothing was saved: the machine linked the reports again after the version you sent (If-Match) was "
                "read; the passage is now %(decision)s, %(verdict)s."
            ) % now)
        return cls(gettext(
            "Nothing was saved: %(user)s decided on this passage at %(when)s, after the version you sent (If-Match) "
            "was read; it is now %(decision)s, %(verdict)s."
        ) % {**last_changed_by(evidence), **now}, user=evidence.decided_by, when=evidence.decided_at)


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def exception_handler(exc, context):
    # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE (or with too many fields) while DRF parses it;
    # left alone that is Django's HTML 400. RequestSizeMiddleware refuses most such bodies before the view.
    if isinstance(exc, RequestDataTooBig):
        from ..middleware import too_large_message

        exc = BodyTooLarge(too_large_message(size=None, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ParseError(
            gettext("The request has more than %(limit)d fields: send fewer.") % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
            code="too_many_fields",
        )
    elif isinstance(exc, TooManyFilesSent):
        exc = exceptions.ParseError(
            gettext("The request has more than %(limit)d files: send fewer.") % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
            code="too_many_files",
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.APIException):
        code = _first_leaf(exc.get_codes())
        message = _first_leaf(exc.detail)
    else:
        # Http404 and PermissionDenied from Django, which DRF turns into its own.
        code = "not_found" if response.status_code == 404 else "permission_denied"
        message = _first_leaf(detail)
    if isinstance(exc, Http404):
        # Django's "No … matches the given query." (an object by its id) is English and names the class.
        view = context.get("view")
        by_id = view is not None and getattr(view, "kwargs", {}).get(getattr(view, "lookup_url_kwarg", None) or "pk")
        message = (
            gettext("There is no %(thing)s with this id.") % {"thing": _model_name(view)} if by_id else gettext("Not found.")
        )
        detail = response.data = {"detail": message}
    if message.startswith(_UNTRANSLATED):
        message = _translated(message)
        detail = _each_leaf(detail, _translated)
    if isinstance(exc, ChangedSinceRead):
        detail = {**detail, **exc.changed}
    response.data = {"error": {"status": response.status_code, "code": code, "message": message, "detail": detail}}
    return response


def _model_name(view) -> str:
    try:
        return str(view.get_queryset().model._meta.verbose_name)
    except Exception:  # a view without a queryset: the record in general
        return gettext("record")


def not_found(request, exception=None):
    """The 404 of a path no view serves: under /api/ the API's JSON error, elsewhere Django's page."""
    if request.path.startswith("/api/"):
        message = gettext("There is no such address in the API: %(path)s") % {"path": request.path}
        body = {"error": {"status": 404, "code": "not_found", "message": message, "detail": {"detail": message}}}
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    return page_not_found(request, exception)


# DRF's messages it never marks for translation: English in a Chinese response.
_UNTRANSLATED = ("No data provided", "CSRF Failed")


def _translated(message: str) -> str:
    if message.startswith("No data provided"):  # a JSON body of null
        return gettext("No data: send the request's fields as a JSON object.")
    if message.startswith("CSRF Failed") and not any(word in message.lower() for word in ("origin", "referer")):
        return gettext(
            "CSRF check failed: a request signed in by a browser's session must send the page's CSRF token; a program "
            "authenticates with its token instead (Authorization: Token …)."
        )
    if message.startswith("CSRF Failed"):  # Origin or Referer checking failed: the site's address is not trusted
        return gettext(
            "CSRF check failed: the page the request came from is not an address this site trusts (CSRF_TRUSTED_ORIGINS)."
        )
    return message


def _each_leaf(detail, change):
    if isinstance(detail, dict):
        return {key: _each_leaf(value, change) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_each_leaf(value, change) for value in detail]
    return change(str(detail)) if isinstance(detail, str) else detail


def _first_leaf(detail) -> str:
    """The first message (or code) of a nested DRF detail: what a client shows when it shows one thing."""
    while isinstance(detail, (list, dict)) and detail:
        detail = next(iter(detail.values())) if isinstance(detail, dict) else detail[0]
    return str(detail)
