"""Cache headers for public content pages and for private, per-reader responses, and the
in-process memo of rendered public pages."""

import datetime
import threading
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

# Enough for every page and its region variants plus recent searches; bounded so arbitrary
# query strings cannot grow it.
MEMO_SIZE = 256
_memo: OrderedDict = OrderedDict()
_memo_lock = threading.Lock()


def forget_pages(**kwargs):
    """Start the memo over. Connected (in mesoguide.apps) to the engine's `content_changed`.

    Pages are rendered from content and settings. Neither changes in a running production
    process; content reloads in DEBUG (where the memo is off) and in tests, which also change
    settings (region, base URL, ...).
    """
    with _memo_lock:
        _memo.clear()


@receiver(setting_changed)
def _forget_pages_when_settings_change(**kwargs):
    forget_pages()


def _memo_key(request, view):
    # Pages differ by path and query (region, search words) and by host (canonical links and
    # QR codes use it unless MESOGUIDE_BASE_URL is set).
    host = "" if settings.MESOGUIDE_BASE_URL else request.get_host()
    return (view.__module__, view.__qualname__, request.get_full_path(), host)


def memoized_page(view):
    """Keep the rendered bytes of a GET response for the life of the process.

    Content never changes inside a production process, so a page renders once and is then a
    dictionary lookup. Only responses that hold no reader input are memoized: GET and HEAD,
    status 200, no cookie. Off while content reloads (DEBUG), so edits show at once.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or settings.MESOGUIDE_RELOAD_CONTENT:
            return view(request, *args, **kwargs)
        key = _memo_key(request, view)
        with _memo_lock:
            cached = _memo.get(key)
            if cached is not None:
                _memo.move_to_end(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = view(request, *args, **kwargs)
        if getattr(response, "is_rendered", True) is False:
            response.render()  # a TemplateResponse (the sitemap) renders lazily
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if "public" in response.headers.get("Cache-Control", ""):
                set_response_etag(response)  # hash the page once, not on every request
            with _memo_lock:
                _memo[key] = (response.content, tuple(response.headers.items()))
                while len(_memo) > MEMO_SIZE:
                    _memo.popitem(last=False)
        return response

    return wrapper


def public_page(view):
    """Let browsers and shared caches (CDNs) keep a content page for a short while.

    ConditionalGetMiddleware answers If-None-Match / If-Modified-Since with 304, using a
    strong ETag of the page bytes. Content pages never touch cookies, so no `Vary: Cookie`
    splits the cache. The rendered page is also memoized in the process.
    """

    @memoized_page
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
