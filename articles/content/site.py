"""The site: every document and checklist, and every rule that spans files, in one pass."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from . import languages, translations
from .checklists import Checklist
from .documents import SECTIONS, Document, Parsed
from .links import Link
from .problems import ContentProblem
from .tools import Tool
from .urls import ALWAYS_SERVED, DOCUMENT_VIEWS, url_for, url_name, view_name

_EMPTY = MappingProxyType({})


@dataclass(frozen=True)
class Registry:
    """One edition's published documents and checklists, indexed the ways the views need.

    The English registry is the root: its `editions` holds every edition (itself included)
    and its `problems` every file's problems.
    """

    documents: Mapping[str, Document]  # by URL path
    articles: Mapping[str, Document]  # by slug, ordered by section then order
    pages: Mapping[str, Document]
    redirects: Mapping[str, str]  # old URL path -> current URL path
    problems: tuple[ContentProblem, ...]
    warning_signs: Document | None = None
    checklists: Mapping[str, Checklist] = _EMPTY  # by slug
    tools: Mapping[str, Tool] = _EMPTY  # by slug
    language: str = languages.DEFAULT
    counterparts: Mapping[str, str] = _EMPTY  # URL -> the same page in the other language
    stale: Mapping[str, translations.Staleness] = _EMPTY  # translations behind their English
    editions: Mapping[str, "Registry"] = _EMPTY  # by language (on the root registry)

    def edition(self, language: str) -> "Registry":
        """The registry of `language` (this one for its own language or an unknown one)."""
        return self if language == self.language else self.editions.get(language, self)

    @property
    def every_document(self) -> list[Document]:
        """The documents of every edition (the published record and the sitemap list all)."""
        editions = self.editions.values() or (self,)
        return [document for edition in editions for document in edition.documents.values()]

    def by_section(self) -> list[tuple[str, str, list[Document]]]:
        grouped = []
        for key, title in SECTIONS.items():
            docs = [doc for doc in self.articles.values() if doc.section == key]
            if docs:
                grouped.append((key, title, docs))
        return grouped

    def neighbours(self, doc: Document) -> tuple[Document | None, Document | None]:
        """Previous and next article in the same section."""
        same = [a for a in self.articles.values() if a.section == doc.section]
        index = same.index(doc)
        return (
            same[index - 1] if index > 0 else None,
            same[index + 1] if index + 1 < len(same) else None,
        )

    def related(self, item) -> list[Document]:
        """The published articles an item lists under `related`."""
        return [self.articles[slug] for slug in item.related if slug in self.articles]

    @property
    def last_reviewed(self) -> datetime.date:
        return max((d.reviewed for d in self.documents.values()), default=datetime.date.today())

    @property
    def errors(self) -> list[ContentProblem]:
        return [p for p in self.problems if p.is_error]


class _Site:
    """The cross-file rules, applied while the registry is put together."""

    def __init__(self, items: list):
        self.problems: list[ContentProblem] = []
        self.by_url: dict[str, Document | Checklist | Tool] = {}
        self.extra: dict[str, Tool] = {}  # pages an item serves besides its own
        self.redirects: dict[str, str] = {}
        for item in items:
            self._place(item)
        for item in list(self.by_url.values()):
            self._aliases(item)

    def _error(self, item, key: str, message: str, line: int | None = None):
        line = line or item.key_lines.get(key, 1)
        self.problems.append(ContentProblem(item.path, line, message))

    def _place(self, item):
        url = item.url
        if url in self.by_url:
            self._error(item, "", f"{url} is already used by {self.by_url[url].path.name}")
        elif view_name(url) != url_name(item):
            # The URLconf serves this address with another view: the page could never be seen.
            self._error(item, "", f"{url} is already in use by the site ({view_name(url)})")
        else:
            self.by_url[url] = item
            self.extra.update(dict.fromkeys(getattr(item, "extra_urls", ()), item))

    def _aliases(self, item):
        for alias in getattr(item, "aliases", ()):
            old = url_for(item.kind, alias, item.language)
            if old in self.by_url:
                self._error(item, "aliases", f"aliases: {alias!r} is the slug of a live page")
            elif old in self.redirects:
                message = f"aliases: {alias!r} is already an alias of {self.redirects[old]}"
                self._error(item, "aliases", message)
            elif view_name(old) != url_name(item):
                self._error(item, "aliases", f"aliases: {alias!r} is reserved")
            else:
                self.redirects[old] = item.url

    def check_link(self, link: Link, own_url: str):
        target, _, anchor = link.href.partition("#")
        target = target.partition("?")[0] or own_url
        found = self.by_url.get(target) or self.extra.get(target)
        view = view_name(target)
        if view is None or (view in DOCUMENT_VIEWS - ALWAYS_SERVED and found is None):
            moved = self.redirects.get(target)
            hint = f" (it moved to {moved})" if moved else ""
            message = f"link to {target}: no such page{hint}"
        elif found is not None and getattr(found, "draft", False) and not link.draft:
            message = f"link to {target}: that page is a draft, so the live site has no such page"
        elif anchor and isinstance(found, Document) and anchor not in found.anchors:
            message = f"link to {target}#{anchor}: no such section on that page"
        else:
            return
        self.problems.append(ContentProblem(link.path, link.line, message))

    def check_related(self, item):
        for slug in getattr(item, "related", ()):
            found = self.by_url.get(url_for("article", slug, item.language))
            if found is None:
                self._error(item, "related", f"related: no article {slug!r}")
            elif found.draft and not getattr(item, "draft", False):
                self._error(item, "related", f"related: {slug!r} is a draft")


def _sorted_articles(published: dict) -> list[Document]:
    return sorted(
        (d for d in published.values() if d.kind == "article"),
        key=lambda d: (list(SECTIONS).index(d.section), d.order, d.title),
    )


def build(parsed: list[Parsed], include_drafts: bool) -> Registry:
    """Put every parsed file of every edition together, checking every rule that spans files."""
    problems = [problem for result in parsed for problem in result.problems]
    items = [result.item for result in parsed if result.item is not None]
    site = _Site(items)
    own_url = {item.path: item.url for item in site.by_url.values()}
    for result in parsed:
        for link in result.links:
            if link.path in own_url:
                site.check_link(link, own_url[link.path])
    for item in site.by_url.values():
        site.check_related(item)
    counterparts, stale, pairing = translations.pair(list(site.by_url.values()))
    placed = [item for item in site.by_url.values() if isinstance(item, Document)]
    published = {d.url: d for d in placed if include_drafts or not d.draft}
    editions = {
        language: _edition(language, published, site, counterparts, stale)
        for language in languages.ALL
    }
    every: dict[str, Registry] = {}
    shared = MappingProxyType(every)  # each edition can reach the others through it
    for language, edition in editions.items():
        every[language] = replace(edition, editions=shared)
    every[languages.DEFAULT] = replace(
        every[languages.DEFAULT], problems=tuple(problems + site.problems + pairing)
    )
    return every[languages.DEFAULT]


def _edition(language: str, published: dict, site: _Site, counterparts, stale) -> Registry:
    own = {url: d for url, d in published.items() if d.language == language}
    return Registry(
        documents=MappingProxyType(own),
        articles=MappingProxyType({d.slug: d for d in _sorted_articles(own)}),
        pages=MappingProxyType({d.slug: d for d in own.values() if d.kind == "page"}),
        redirects=MappingProxyType({old: new for old, new in site.redirects.items() if new in own}),
        problems=(),
        warning_signs=own.get(url_for("warning-signs", "", language)),
        checklists=MappingProxyType(
            {
                c.slug: c
                for c in site.by_url.values()
                if isinstance(c, Checklist) and c.language == language
            }
        ),
        tools=MappingProxyType(
            {
                t.slug: t
                for t in site.by_url.values()
                if isinstance(t, Tool) and t.language == language
            }
        ),
        language=language,
        counterparts=MappingProxyType(counterparts),
        stale=MappingProxyType({url: s for url, s in stale.items() if url in own}),
    )
