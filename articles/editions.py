"""The two editions side by side: each page's counterpart, hreflang pairs, and the page shown
when a page has no translation yet."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, reverse, translate_url
from django.utils import translation

from .content import get_registry, languages, url_for

# The word for each edition in its own language, for the language link.
NAMES = {"en": "English", "es": "Español"}


@dataclass(frozen=True)
class LanguageLink:
    language: str
    name: str
    href: str
    translated: bool  # False: the other edition has no such page yet (the link explains)


def other_language(language: str) -> str:
    return languages.TRANSLATED[0] if language == languages.DEFAULT else languages.DEFAULT


def counterpart(path: str) -> LanguageLink:
    """The same page in the other edition, or where the language link should go instead."""
    language = languages.of_path(path)
    other = other_language(language)
    registry = get_registry(language)
    found = registry.counterparts.get(path)
    if found:
        return LanguageLink(other, NAMES[other], found, True)
    if path in registry.documents or path in _item_urls(registry):
        # A document with no translation: the same address in the other edition shows
        # "only available in English" (see english_only) rather than a 404.
        return LanguageLink(other, NAMES[other], _translated_path(path, other), False)
    target = _translated_path(path, other)
    if target == path:  # not a page of either edition (an error page): the other home page
        with translation.override(other):
            target = reverse("home")
    return LanguageLink(other, NAMES[other], target, True)


def _item_urls(registry) -> set[str]:
    items = [*registry.checklists.values(), *registry.tools.values()]
    return {item.url for item in items} | {
        url for t in registry.tools.values() for url in t.extra_urls
    }


def _translated_path(path: str, language: str) -> str:
    try:
        return translate_url(path, language)
    except Resolver404:
        return path


def english_only(request, kind: str, slug: str):
    """The response for a translated address whose page exists only in English.

    Raises Http404 when there is no English page either (or this is the English edition).
    """
    language = translation.get_language()
    if language == languages.DEFAULT:
        raise Http404("No such page")
    english = get_registry(languages.DEFAULT)
    english_url = url_for(kind, slug, languages.DEFAULT)
    by_slug = {"checklist": english.checklists, "tool": english.tools}.get(kind, {})
    document = english.documents.get(english_url) or by_slug.get(slug)
    if document is None:
        raise Http404("No such page")
    response = render(
        request, "only_in_english.html", {"english": document, "english_url": english_url}
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def published() -> list[str]:
    """The editions with at least one page (a copy of the site without content/es/ lists only
    English)."""
    return [code for code in languages.ALL if get_registry(code).documents]


def in_edition(english_url: str, language: str) -> str:
    """The address of an English page in `language`'s edition (its translation, or the
    translated address that explains it is only in English)."""
    if language == languages.DEFAULT:
        return english_url
    found = get_registry(languages.DEFAULT).counterparts.get(english_url)
    return found or _translated_path(english_url, language)
