"""Article, warning-signs and search views: look up, 404 or redirect, context, headers."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render

from mesoguide.caching import public_page, set_last_modified

from . import search as site_search
from .content import get_registry, url_for
from .content.regions import REGIONS, region_for


def _document_or_redirect(request, url_path):
    registry = get_registry()
    document = registry.documents.get(url_path)
    if document is None:
        if url_path in registry.redirects:
            return registry, None, redirect(registry.redirects[url_path], permanent=True)
        raise Http404("No such page")
    return registry, document, None


@public_page
def article_list(request):
    registry = get_registry()
    response = render(request, "articles/article_list.html", {"sections": registry.by_section()})
    return set_last_modified(response, registry.last_reviewed)


@public_page
def article_detail(request, slug):
    registry, document, moved = _document_or_redirect(request, url_for("article", slug))
    if moved:
        return moved
    previous, following = registry.neighbours(document)
    related = registry.related(document)
    context = {
        "document": document,
        "body": document.html_for(settings.MESOGUIDE_REGION),
        "previous": previous,
        "next": following,
        "related": related,
    }
    response = render(request, "articles/article_detail.html", context)
    return set_last_modified(response, document.reviewed)


@public_page
def warning_signs(request):
    registry = get_registry()
    document = registry.warning_signs
    if document is None:
        raise Http404("The warning-signs page is missing")
    region = region_for(request.GET.get("region"), settings.MESOGUIDE_REGION)
    context = {
        "document": document,
        "body": document.html_for(region.code),
        "region": region,
        "regions": REGIONS.values(),
    }
    response = render(request, "articles/warning_signs.html", context)
    return set_last_modified(response, document.reviewed)


@public_page
def search(request):
    registry = get_registry()
    query = " ".join(request.GET.get("q", "").split())[: site_search.MAX_QUERY_CHARS]
    results = site_search.search(registry, query) if query else []
    context = {
        "query": query,
        "results": results,
        "searched": bool(query),
        "terms": site_search.terms_of(query),
    }
    response = render(request, "articles/search_results.html", context)
    if query:
        # Result pages are for readers, not for search engines to index.
        response.headers["X-Robots-Tag"] = "noindex"
    return response
