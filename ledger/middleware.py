from django.conf import settings
from django.middleware.common import CommonMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import escape_leading_slashes

from .numbers import megabytes, over_limit


class LedgerLocaleMiddleware(LocaleMiddleware):
    """The admin speaks Chinese unless a user chose English (the language switcher's cookie), whatever
    the browser asks; programs calling the API may ask for a language with Accept-Language."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not chosen and request.path.startswith("/api/"):
            chosen = translation.get_language_from_request(request)
        try:
            language = translation.get_supported_language_variant(chosen or settings.LANGUAGE_CODE)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class AuthorizationVaryMiddleware:
    """An API response depends on who asks (an anonymous reader, LEDGER_PUBLIC_READ, is sent no login names): a
    cache keeps one per Authorization header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Authorization",))
        return response


class SlashMiddleware(CommonMiddleware):
    """CommonMiddleware whose redirect to the path with its slash keeps the method and the body of a POST, PUT,
    PATCH or DELETE (308): a program posting a status to …/status lost it to a 301 its client followed as a GET."""

    _SAFE = ("GET", "HEAD", "OPTIONS")

    def get_full_path_with_slash(self, request):
        # Django refuses to redirect an unsafe method under DEBUG only because a 301 would lose its body.
        return escape_leading_slashes(request.get_full_path(force_append_slash=True))

    def process_request(self, request):
        return self._keeping_method(request, super().process_request(request))

    def process_response(self, request, response):
        return self._keeping_method(request, super().process_response(request, response))

    def _keeping_method(self, request, response):
        if (
            response is not None and response.status_code == 301 and request.method not in self._SAFE
            and response.get("Location") == self.get_full_path_with_slash(request)  # this redirect, not a view's
        ):
            response.status_code = 308
        return response


class RequestSizeMiddleware:
    """A request body over the raw limit (DATA_UPLOAD_MAX_MEMORY_SIZE) is refused here, before anything
    reads it: 413 with the API's JSON error body under /api/, a short page in the user's language elsewhere
    (the admin's upload page). Django itself would answer a bare HTML 400 from whichever middleware first
    touched request.POST. The limit sits well above LEDGER_MAX_REPORT_BYTES (see settings) so that a report
    within it always gets through, however the client escapes it, and is refused by the pipeline with the
    usual message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if limit is not None and size > limit:
            return too_large_response(request, size=size, limit=limit)
        return self.get_response(request)


def too_large_message(*, size: int | None, limit: int) -> str:
    from django.utils.translation import gettext

    # The limits a person knows are the files': the body's own is higher only to let any file within them through.
    files = {"report": megabytes(settings.LEDGER_MAX_REPORT_BYTES), "sheet": megabytes(settings.LEDGER_MAX_SHEET_BYTES)}
    if size is None:
        return gettext(
            "The request body is larger than the limit of %(limit)s; a report file may be at most %(report)s, a 台账 sheet %(sheet)s."
        ) % {"limit": megabytes(limit), **files}
    return gettext(
        "The request body is %(size)s, more than the limit of %(limit)s; a report file may be at most %(report)s, a 台账 sheet %(sheet)s."
    ) % {**over_limit(size, limit), **files}


def too_large_response(request, *, size: int | None, limit: int):
    from django.http import HttpResponse, JsonResponse
    from django.template.loader import render_to_string
    from django.utils.translation import gettext

    message = too_large_message(size=size, limit=limit)
    if request.path.startswith("/api/"):
        body = {"error": {"status": 413, "code": "too_large", "message": message, "detail": {"detail": message}}}
        return JsonResponse(body, status=413, json_dumps_params={"ensure_ascii": False})
    page = render_to_string(
        "ledger/too_large.html",
        {"title": gettext("Too large"), "message": message, "back": request.META.get("HTTP_REFERER") or request.path},
    )
    return HttpResponse(page, status=413)
