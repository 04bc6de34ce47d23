"""The page's language comes from its address alone: /es/... is Spanish, everything else English.

Django's LocaleMiddleware is not used on purpose: it reads Accept-Language and a cookie and
adds `Vary: Accept-Language`, so a CDN could not cache a page by its URL. This reads neither.
"""

from django.utils import translation

from articles.content import languages


def language_for(path_info: str) -> str:
    """ "es" for /es and anything under /es/, else "en" (the engine's one rule for editions)."""
    return languages.of_path(path_info)


class URLLanguageMiddleware:
    """Activates the address's language for the view and templates; says so in Content-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request.path_info)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
