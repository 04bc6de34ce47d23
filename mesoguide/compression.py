"""Brotli and gzip for our own responses (HTML, JSON, XML, feeds, SVG), by Accept-Encoding.

Memoized pages are compressed once, when they are first rendered (see mesoguide.caching);
`CompressionMiddleware` compresses what is left (checklist results, error pages, DEBUG) per
request, quickly. Static files are not touched: whitenoise sends its own .br/.gz files.

BREACH needs a secret in the same compressed response as text an attacker chooses. No
response of this site holds a secret (no CSRF token, no session, no cookie), so compressing
pages that reflect a search or the reader's answers leaks nothing.
"""

import gzip
from functools import lru_cache

import brotli
from django.utils.cache import patch_vary_headers

# Preferred order when the client likes several equally (brotli is about 10 % smaller).
ENCODINGS = ("br", "gzip")
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/manifest+json",
    "image/svg+xml",
)
MIN_SIZE = 200  # below one packet compression saves nothing
# Pages kept for the life of the process pay for the best compression once. Pages that
# differ by query string (any visitor can make new ones) and per-request responses get a fast
# level, so a stream of unique URLs costs about as much to compress as to render.
BEST = {"br": 11, "gzip": 9}
FAST = {"br": 5, "gzip": 6}
ETAG_SUFFIX = {"br": "-br", "gzip": "-gz"}


def compress(content: bytes, encoding: str, levels: dict[str, int]) -> bytes:
    if encoding == "br":
        return brotli.compress(content, quality=levels["br"])
    # mtime=0: the same bytes in every process, so every instance sends the same ETag.
    return gzip.compress(content, compresslevel=levels["gzip"], mtime=0)


def is_compressible(response) -> bool:
    """A complete, uncompressed body of a text-like type, big enough to gain."""
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        not response.streaming
        and not response.has_header("Content-Encoding")
        and content_type.startswith(COMPRESSIBLE_TYPES)
        and "no-transform" not in response.headers.get("Cache-Control", "")
        and len(response.content) >= MIN_SIZE
    )


def _q(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return 0.0  # an unreadable weight is not a yes
            return q if 0.0 <= q <= 1.0 else 0.0
    return 1.0


@lru_cache(maxsize=128)  # browsers send a handful of distinct values
def choose_encoding(accept_encoding: str) -> str | None:
    """The coding to send for this Accept-Encoding (None: identity). Honours q=0 and `*`."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(",")[:32]:
        coding, *params = item.split(";")
        coding = coding.strip().lower()
        if coding:
            weights["gzip" if coding == "x-gzip" else coding] = _q(params)
    star = weights.get("*", 0.0)
    best, best_q = None, 0.0
    for encoding in ENCODINGS:
        q = weights.get(encoding, star)
        if q > best_q:
            best, best_q = encoding, q
    return best


def encoded_etag(etag: str | None, encoding: str | None) -> str | None:
    """A strong ETag per representation: '"abc"' is identity, '"abc-br"' its brotli bytes."""
    if not etag or not encoding or not etag.endswith('"') or etag.startswith("W/"):
        return etag
    return etag[:-1] + ETAG_SUFFIX[encoding] + '"'


def set_body(response, body: bytes, encoding: str | None):
    """Put one representation in `response`, with the headers that describe it."""
    response.content = body
    patch_vary_headers(response, ("Accept-Encoding",))
    if encoding:
        response.headers["Content-Encoding"] = encoding
        if response.has_header("ETag"):
            response.headers["ETag"] = encoded_etag(response.headers["ETag"], encoding)
    if response.has_header("Content-Length"):
        response.headers["Content-Length"] = str(len(body))
    return response


class CompressionMiddleware:
    """Compress, per request and at a fast level, responses nobody compressed before.

    Sits inside ConditionalGetMiddleware, so a 304 compares the ETag of the representation
    actually sent, and inside CommonMiddleware, so Content-Length is the compressed length.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (204, 206, 304) or not is_compressible(response):
            return response
        encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
        body = compress(response.content, encoding, FAST) if encoding else response.content
        return set_body(response, body, encoding)
