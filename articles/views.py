"""Article, warning-signs and search views: look up, 404 or redirect, context, headers."""

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render

from mesoguide.caching import public_page, set_last_modified

from . import editions, handouts
from . import search as site_search
from .content import get_registry, url_for
from .content.regions import ordered_regions, region_for

logger = logging.getLogger("mesoguide.content")


def _document_or_redirect(request, kind, slug):
    """(registry, document, None), or a redirect from an old address, or the page that says
    this one is only in English; otherwise 404."""
    registry = get_registry()
    url_path = url_for(kind, slug)
    document = registry.documents.get(url_path)
    if document is None:
        if url_path in registry.redirects:
            return registry, None, redirect(registry.redirects[url_path], permanent=True)
        return registry, None, editions.english_only(request, kind, slug)
    return registry, document, None


@public_page
def article_list(request):
    registry = get_registry()
    response = render(request, "articles/article_list.html", {"sections": registry.by_section()})
    return set_last_modified(response, registry.last_reviewed)


@public_page
def article_detail(request, slug):
    registry, document, moved = _document_or_redirect(request, "article", slug)
    if moved:
        return moved
    previous, following = registry.neighbours(document)
    related = registry.related(document)
    context = {
        "document": document,
        "body": document.html_for(region_for(None, settings.MESOGUIDE_REGION).code),
        "previous": previous,
        "next": following,
        "related": related,
    }
    response = render(request, "articles/article_detail.html", context)
    return set_last_modified(response, document.reviewed)


@public_page
def warning_signs(request):
    """The warning signs; if warning-signs.md did not load, a built-in emergency card."""
    registry = get_registry()
    document = registry.warning_signs
    region = region_for(request.GET.get("region"), settings.MESOGUIDE_REGION)
    context = {"document": document, "region": region, "regions": ordered_regions(region)}
    if document is None:
        _log_missing_warning_signs(registry)
        if settings.DEBUG:
            # An editor previewing with `make run` sees what to fix (file, line, field) from
            # the development error page; readers of a real site get the built-in card.
            raise Http404("warning-signs.md did not load")
        response = render(request, "articles/warning_signs_fallback.html", context)
        # Not cached downstream: the real page should show as soon as the file is fixed.
        response.headers["Cache-Control"] = "no-cache"
        return response
    context["body"] = document.html_for(region.code)
    response = render(request, "articles/warning_signs.html", context)
    return set_last_modified(response, document.reviewed)


def _log_missing_warning_signs(registry):
    found = [p for p in registry.problems if p.path.name == "warning-signs.md"]
    for problem in found or ["warning-signs.md: not found in the content folder"]:
        logger.error("serving the built-in warning signs instead of the page: %s", problem)


@public_page
def search(request):
    registry = get_registry()
    query = " ".join(request.GET.get("q", "").split())[: site_search.MAX_QUERY_CHARS]
    results = site_search.search(registry, query) if query else []
    context = {
        "query": query,
        "results": results,
        "searched": bool(query),
        "terms": site_search.terms_of(query, registry.language),
        "symptom": site_search.is_symptom_query(
            site_search.terms_of(query, registry.language), registry.language
        ),
    }
    response = render(request, "articles/search_results.html", context)
    if query:
        # Result pages are for readers, not for search engines to index.
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def article_handout(request, slug):
    return handouts.handout_view(request, url_for("article", slug))
