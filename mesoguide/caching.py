"""Cache headers for public content pages and for private, per-reader responses, and the
in-process memo of rendered public pages."""

import datetime
import logging
import threading
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date
from django.utils.translation import get_language

from .compression import BEST, ENCODINGS, FAST, choose_encoding, compress, is_compressible, set_body

# Enough for every page and its region variants plus recent searches; bounded so arbitrary
# query strings cannot grow it.
MEMO_SIZE = 256
SAFE_METHODS = ("GET", "HEAD")
logger = logging.getLogger("mesoguide.requests")
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
    # Pages differ by path and query (region, search words) and by scheme and host (canonical
    # links, og links and QR codes use them unless MESOGUIDE_BASE_URL is set).
    # The language comes from the path too; it is in the key so a page can never be served
    # in the language of another request.
    origin = ("", "") if settings.MESOGUIDE_BASE_URL else (request.scheme, request.get_host())
    return (view.__module__, view.__qualname__, request.get_full_path(), get_language(), *origin)


def _memo_entry(request, response) -> dict:
    """The page's bytes in every encoding we send, compressed once, each with its headers."""
    bodies = {None: response.content}
    if is_compressible(response):
        # Query-string variants are unbounded (any visitor can make one): compress them fast.
        levels = FAST if request.META.get("QUERY_STRING") else BEST
        bodies |= {encoding: compress(response.content, encoding, levels) for encoding in ENCODINGS}
    entry = {}
    for encoding, body in bodies.items():
        template = HttpResponse()
        for name, value in response.headers.items():
            template.headers[name] = value
        if len(bodies) > 1:
            set_body(template, body, encoding)  # Vary, Content-Encoding, the ETag of these bytes
        # Headers are checked and encoded once here; a memo hit copies them as they are.
        entry[encoding] = (body, template.headers._store)
    return entry


def _response_from(request, entry: dict):
    encoding = None
    if len(entry) > 1:
        encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
    body, headers = entry[encoding]
    response = HttpResponse(body)
    # ResponseHeaders keeps its checked items in `_store`; copying it skips re-validating
    # the same few headers on every request (a third of a memo hit's time).
    response.headers._store = headers.copy()
    return response


def memoized_page(view):
    """Keep the rendered bytes of a GET response for the life of the process.

    Content never changes inside a production process, so a page renders once and is then a
    dictionary lookup. Only responses that hold no reader input are memoized: GET and HEAD,
    status 200, no cookie. Each is stored with its brotli and gzip bytes, compressed once.
    Off while content reloads (DEBUG), so edits show at once.
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
            return _response_from(request, cached)
        response = view(request, *args, **kwargs)
        if getattr(response, "is_rendered", True) is False:
            response.render()  # a TemplateResponse (the sitemap) renders lazily
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        if "public" in response.headers.get("Cache-Control", ""):
            set_response_etag(response)  # hash the page once, not on every request
        entry = _memo_entry(request, response)
        with _memo_lock:
            _memo[key] = entry
            while len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
        return _response_from(request, entry)

    return wrapper


def public_page(view):
    """Let browsers and shared caches (CDNs) keep a content page for a short while.

    ConditionalGetMiddleware answers If-None-Match / If-Modified-Since with 304, using a
    strong ETag of the page bytes. Content pages never touch cookies, so no `Vary: Cookie`
    splits the cache. The rendered page is also memoized in the process. Only GET and HEAD
    get the page: any other method (TRACE, OPTIONS, POST...) gets an uncacheable 405. While
    content reloads (DEBUG), pages are `no-cache` instead, so an edit shows on the next request.
    """

    @memoized_page
    @wraps(view)
    def cached(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and settings.MESOGUIDE_RELOAD_CONTENT:
            # Development: the browser asks again on every visit, also from a link, so an
            # edited file shows at once; the ETag (of the bytes) still gives a quick 304. The
            # review-date Last-Modified would wrongly say "unchanged" after an edit.
            patch_cache_control(response, no_cache=True)
            response.headers.pop("Last-Modified", None)
        elif response.status_code == 200:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.MESOGUIDE_PAGE_MAX_AGE,
                stale_while_revalidate=settings.MESOGUIDE_PAGE_STALE_WHILE_REVALIDATE,
            )
        return response

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            response = HttpResponseNotAllowed(SAFE_METHODS)
            patch_cache_control(response, private=True, no_store=True)
            return response
        return cached(request, *args, **kwargs)

    return wrapper


def set_last_modified(response, day: datetime.date):
    """Last-Modified from a review date, so every instance sends the same value."""
    moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    response.headers["Last-Modified"] = http_date(moment.timestamp())
    return response


def unreadable_body_is_400(view):
    """A body Django cannot parse gets the plain 400 page instead of a server error.

    Too big, too many fields, a file part, broken multipart, an unknown charset: the reader
    sees the 400 page. Put `never_cache` above it, so the 400 is `no-store` like every answer.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (BadRequest, MultiPartParserError, SuspiciousOperation) as exc:
            # The exception's name only: its text may quote what the reader sent.
            logger.warning("Bad request body on %s: %s", request.path, type(exc).__name__)
            return render(request, "400.html", status=400)

    return wrapper
