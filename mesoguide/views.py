"""Site-wide views: home, site pages, health check, robots.txt and QR codes."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from articles import editions
from articles.content import get_registry, languages, url_for
from articles.content.regions import region_for

from .caching import public_page, set_last_modified
from .context_processors import absolute_url
from .qr import qr_svg

# The home page's top tasks (the warning signs are the fourth), by English slug.
TOP_TASKS = {
    "what_is": "what-is-mesotherapy",
    "already_booked": "already-booked",
    "check_and_report": "check-and-report",
}


@public_page
def home(request):
    registry = get_registry()
    context = {
        "sections": registry.by_section(),
        "checklists": registry.checklists.values(),
        "warning_signs": registry.warning_signs,
        "top_tasks": {
            name: editions.in_edition(
                url_for("article", slug, languages.DEFAULT), registry.language
            )
            for name, slug in TOP_TASKS.items()
        },
    }
    response = render(request, "mesoguide/home.html", context)
    return set_last_modified(response, registry.last_reviewed)


@public_page
def page(request, slug):
    registry = get_registry()
    url_path = url_for("page", slug)
    document = registry.pages.get(slug)
    if document is None:
        if url_path in registry.redirects:
            return redirect(registry.redirects[url_path], permanent=True)
        return editions.english_only(request, "page", slug)
    context = {
        "document": document,
        "body": document.html_for(region_for(None, settings.MESOGUIDE_REGION).code),
    }
    for_clinics = url_for("page", "for-clinics", languages.DEFAULT)
    if for_clinics in (document.url, registry.counterparts.get(document.url)):
        context["qr_pages"] = [
            (gettext("Home page"), reverse("home")),
            (gettext("Warning signs"), url_for("warning-signs", "")),
            *((a.title, a.url) for a in registry.articles.values()),
            *((c.title, c.url) for c in registry.checklists.values()),
        ]
    response = render(request, "mesoguide/page.html", context)
    return set_last_modified(response, document.reviewed)


def _in_language(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


@require_safe
def healthz(request):
    """Liveness: the process answers. Touches neither the database nor the content."""
    return HttpResponse("ok", content_type="text/plain")


@public_page
@require_safe
def robots_txt(request):
    sitemap = absolute_url(request, reverse("sitemap"))
    searches = [_in_language("articles:search", code) for code in languages.ALL]
    lines = [
        "User-agent: *", *(f"Disallow: {search}" for search in searches), "Allow: /",
        f"Sitemap: {sitemap}",
    ]  # fmt: skip
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


LISTS = ("home", "articles:list", "checklists:list", "articles:search")


def _known_paths() -> set[str]:
    """Every edition's list pages, documents and checklists."""
    found = {_in_language(name, code) for name in LISTS for code in languages.ALL}
    for code in languages.ALL:
        registry = get_registry(code)
        found |= set(registry.documents) | {c.url for c in registry.checklists.values()}
    return found


@public_page
@require_safe
def qr_code(request, page_path=""):
    """The QR code of one of the site's own pages, as an SVG file for clinics to print."""
    target = "/" + page_path
    if target not in _known_paths():
        raise Http404("QR codes are made only for the site's own pages")
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + qr_svg(absolute_url(request, target))
    response = HttpResponse(svg, content_type="image/svg+xml")
    name = page_path.strip("/").replace("/", "-") or "home"
    response.headers["Content-Disposition"] = f'inline; filename="mesoguide-{name}-qr.svg"'
    return response
