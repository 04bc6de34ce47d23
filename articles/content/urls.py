"""Where each kind of document lives: URL names only; the URLconf is the one place for paths."""

from django.urls import NoReverseMatch, Resolver404, resolve, reverse

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


def url_for(kind: str, slug: str) -> str:
    """The URL path of a document of `kind` with `slug`, from the URLconf."""
    if kind == "warning-signs":
        return reverse(URL_NAMES[kind])
    return reverse(URL_NAMES[kind], kwargs={"slug": slug})


def url_name(item) -> str:
    """The URL name of the view that serves `item` (a document, checklist or tool)."""
    return URL_NAMES[getattr(item, "content_kind", item.kind)]


def view_name(path: str) -> str | None:
    """The URL name `path` resolves to, or None when no URL pattern matches it."""
    try:
        return resolve(path).view_name
    except (Resolver404, NoReverseMatch):
        return None
