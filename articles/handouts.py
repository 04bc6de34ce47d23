"""PDF handouts: the page a reader sees, printed by WeasyPrint onto A4 or US Letter.

A handout is never a second copy of the text. The builder asks the page's own view for its
HTML (the same template, the same rendered content), adds the handout stylesheet (masthead,
page numbers, version) and lets WeasyPrint lay it out as a tagged PDF/UA document. Each page
and paper size is built once per process; content changes clear the memo.
"""

import hashlib
import logging
import threading

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.signals import setting_changed
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

from mesoguide.context_processors import absolute_url

from .content import content_changed, url_for
from .content.regions import region_for

logger = logging.getLogger(__name__)

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
DEFAULT_PAPER = "a4"
HANDOUT_CSS = "css/handout.css"

try:  # WeasyPrint needs Pango from the operating system (see README).
    import weasyprint
    import weasyprint.urls
except OSError as error:  # pragma: no cover - exercised by the "missing library" test
    weasyprint = None
    UNAVAILABLE_REASON = str(error).splitlines()[0]
else:
    UNAVAILABLE_REASON = ""

_memo: dict = {}
_memo_lock = threading.Lock()


def forget_handouts(**kwargs):
    with _memo_lock:
        _memo.clear()


# Built from content and settings: forget them when either changes.
content_changed.connect(forget_handouts, dispatch_uid="articles.forget_handouts")


def _forget_when_settings_change(**kwargs):
    forget_handouts()


setting_changed.connect(_forget_when_settings_change)


def available() -> bool:
    return weasyprint is not None


def handout_path(page_path: str) -> str:
    """`/articles/slug/` -> `/articles/slug/handout.pdf`."""
    return f"{page_path}handout.pdf"


def _static_only_fetcher():
    """A fetcher that loads our own static files from disk and nothing from any network."""

    class StaticOnlyFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            marker = settings.STATIC_URL
            if marker in url:
                relative = url.split(marker, 1)[1].split("?", 1)[0].split("#", 1)[0]
                found = finders.find(relative)
                if found:
                    with open(found, "rb") as handle:
                        body = handle.read()
                    headers = {"Content-Type": _mime_type(found)}
                    return weasyprint.urls.URLFetcherResponse(url, body, headers)
            raise ValueError(f"handouts load only this site's static files, not {url[:100]}")

    return StaticOnlyFetcher(allowed_protocols=("http", "https"))


def _mime_type(path: str) -> str:
    if path.endswith(".css"):
        return "text/css"
    if path.endswith(".svg"):
        return "image/svg+xml"
    return "application/octet-stream"


def _page_html(request, page_path: str, region: str) -> tuple[bytes, str] | None:
    """The page's own HTML and canonical address, as its view renders it for a reader."""
    try:
        match = resolve(page_path)
    except Resolver404:
        return None
    query = {"region": region} if region else {}
    page_request = RequestFactory().get(page_path, query, HTTP_HOST=request.get_host())
    page_request.META["wsgi.url_scheme"] = request.scheme
    response = match.func(page_request, *match.args, **match.kwargs)
    if getattr(response, "is_rendered", True) is False:
        response.render()
    if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
        return None
    return response.content, absolute_url(page_request, page_path)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _page_numbers() -> str:
    """CSS content for "Page 1 of 3", in the page's language, around WeasyPrint's counters."""
    before, _, rest = gettext("Page {page} of {pages}").partition("{page}")
    middle, _, after = rest.partition("{pages}")
    pieces = (_css_string(before), "counter(page)", _css_string(middle), "counter(pages)")
    return " ".join((*pieces, _css_string(after)))


def _handout_stylesheet(paper: str, version: str, address: str):
    with open(finders.find(HANDOUT_CSS), encoding="utf-8") as handle:
        css = handle.read()
    css = (
        css.replace("HANDOUT-PAPER", PAPER_SIZES[paper])
        .replace(
            '"HANDOUT-TITLE"',
            _css_string(gettext("Mesoguide: an independent safety guide to mesotherapy")),
        )
        .replace(
            '"HANDOUT-VERSION"', _css_string(gettext("Version {version}").format(version=version))
        )
        .replace('"HANDOUT-ADDRESS"', _css_string(address))
        .replace("HANDOUT-PAGE-NUMBERS", _page_numbers())
    )
    return weasyprint.CSS(string=css)


def build(request, page_path: str, paper: str) -> tuple[bytes, str] | None:
    """(pdf bytes, version) for a page, or None if there is no such page."""
    host = "" if settings.MESOGUIDE_BASE_URL else request.get_host()
    # Only known values go into the key, so odd query strings cannot grow the memo.
    region = region_for(request.GET.get("region"), settings.MESOGUIDE_REGION).code
    if page_path != url_for("warning-signs", ""):
        region = ""  # only the warning-signs page follows ?region=
    key = (page_path, paper, region, request.scheme, host)
    with _memo_lock:
        if key in _memo:
            return _memo[key]
    page = _page_html(request, page_path, region)
    if page is None:
        return None
    html, address = page
    version = hashlib.sha256(html).hexdigest()[:10]
    document = weasyprint.HTML(
        string=html.decode("utf-8"), base_url=address, url_fetcher=_static_only_fetcher()
    )
    pdf = document.write_pdf(
        stylesheets=[_handout_stylesheet(paper, version, address)], pdf_variant="pdf/ua-1"
    )
    with _memo_lock:
        _memo[key] = (pdf, version)
    return pdf, version


def warning_signs_handout(request):
    """The warning-signs handout of the request's edition."""
    return handout_view(request, url_for("warning-signs", ""))


def handout_view(request, page_path: str):
    """Serve `<page>handout.pdf`; `?paper=letter` for US Letter."""
    paper = (request.GET.get("paper") or DEFAULT_PAPER).strip().lower()
    if paper not in PAPER_SIZES:
        response = HttpResponseBadRequest(
            gettext("Unknown paper size. Use ?paper=a4 (the default) or ?paper=letter."),
            content_type="text/plain; charset=utf-8",
        )
        patch_cache_control(response, private=True, no_store=True)
        return response
    if not available():
        logger.error("PDF handouts are unavailable: %s", UNAVAILABLE_REASON)
        response = HttpResponse(
            "PDF handouts are not available on this server. Print the page from your browser "
            "instead: it has the same content.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        patch_cache_control(response, no_store=True)
        return response
    built = build(request, page_path, paper)
    if built is None:
        raise Http404("No page to make a handout of")
    pdf, version = built
    response = HttpResponse(pdf, content_type="application/pdf")
    slug = page_path.strip("/").replace("/", "-") or "mesoguide"
    response.headers["Content-Disposition"] = f'inline; filename="mesoguide-{slug}-{paper}.pdf"'
    response.headers["ETag"] = f'"{version}-{paper}"'
    patch_cache_control(
        response,
        public=True,
        max_age=settings.MESOGUIDE_PAGE_MAX_AGE,
        stale_while_revalidate=settings.MESOGUIDE_PAGE_STALE_WHILE_REVALIDATE,
    )
    return response
