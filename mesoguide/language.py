"""The language of a request comes from its URL alone: /es/... is Spanish, the rest English.

Django's LocaleMiddleware also reads the Accept-Language header and a cookie, and adds
`Vary: Accept-Language`; this one does neither, so every page stays cacheable by URL.
"""

from django.utils import translation

from articles.content import languages


class URLLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = languages.of_path(request.path_info)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
