from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
