"""The public address of a path: one rule for pages, feeds, handouts and the API.

It imports no app (an HTTP helper, like `caching`), so apps may use it without reaching up
into the project's wiring.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost


def absolute_url(request, path: str) -> str:
    """The public address of `path`: MESOGUIDE_BASE_URL if set, else the request's host."""
    if settings.MESOGUIDE_BASE_URL:
        return settings.MESOGUIDE_BASE_URL.rstrip("/") + path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        # Error pages for a request with a bad Host header must still render.
        return path
