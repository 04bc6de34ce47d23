"""Where each kind of document lives: URL names only; the URLconf is the one place for paths.

Paths are translated (Django's translated URL patterns under `i18n_patterns`), so the same URL
name gives /articles/x/ in English and /es/articulos/x/ in Spanish: reversing and resolving
happen with the document's own language active.
"""

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation

from . import languages

# The view that serves each kind of document, by URL name (see the apps' urls.py).
URL_NAMES = {
    "article": "articles:detail",
    "page": "page",
    "warning-signs": "articles:warning-signs",
    "checklist": "checklists:form",
    "tool": "tools:tool",
    "tool-blank": "tools:blank",  # a page a tool serves besides its own (`extra_urls`)
}
DOCUMENT_VIEWS = frozenset(URL_NAMES.values())
# Served even when its file is missing or broken (the view falls back to a built-in card),
# so a link to it is never broken.
ALWAYS_SERVED = frozenset({URL_NAMES["warning-signs"]})


def url_for(kind: str, slug: str, language: str | None = None) -> str:
    """The URL path of a document of `kind` with `slug` in `language` (default: the active
    one, as in a view), from the URLconf."""
    with translation.override(language or translation.get_language() or languages.DEFAULT):
        if kind == "warning-signs":
            return reverse(URL_NAMES[kind])
        return reverse(URL_NAMES[kind], kwargs={"slug": slug})


def url_name(item) -> str:
    """The URL name of the view that serves `item` (a document, checklist or tool)."""
    return URL_NAMES[getattr(item, "content_kind", item.kind)]


def view_name(path: str) -> str | None:
    """The URL name `path` resolves to (in the edition its prefix names), or None."""
    try:
        with translation.override(languages.of_path(path)):
            return resolve(path).view_name
    except (Resolver404, NoReverseMatch):
        return None
