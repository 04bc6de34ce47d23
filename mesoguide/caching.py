"""Cache headers for public content pages and for private, per-reader responses."""

import datetime
from functools import wraps

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import http_date


def public_page(view):
    """Let browsers and shared caches (CDNs) keep a content page for a short while.

    ConditionalGetMiddleware adds a strong ETag from the rendered bytes and answers
    If-None-Match / If-Modified-Since with 304. Content pages never touch cookies,
    so no `Vary: Cookie` splits the cache.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.MESOGUIDE_PAGE_MAX_AGE,
                stale_while_revalidate=settings.MESOGUIDE_PAGE_STALE_WHILE_REVALIDATE,
            )
        return response

    return wrapper


def set_last_modified(response, day: datetime.date):
    """Last-Modified from a review date, so every instance sends the same value."""
    moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    response.headers["Last-Modified"] = http_date(moment.timestamp())
    return response


def private_no_store(view):
    """Responses that may carry a reader's answers: never stored by any cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper
