"""The Markdown document kinds: articles, site pages and the warning-signs page."""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.utils.translation import pgettext_lazy

from . import (
    editorial,
    fields,
    figures,
    languages,
    published,
    readability,
    rendering,
    tokens,
    translations,
)
from . import sources as source_rules
from .limits import TooComplex
from .links import LineIndex, Link, local_links
from .problems import ContentProblem, FileProblems, Problems
from .snippets import SnippetProblem
from .sources import Source
from .urls import url_for
from .yaml_reader import item_lines, load_mapping, read_text

# Lazy: the registry is built once, and each page shows the title in its own language.
SECTIONS = {
    "basics": pgettext_lazy("section", "The basics"),
    "evidence": pgettext_lazy("section", "Does it work?"),
    "safety": pgettext_lazy("section", "Risks and safety"),
    "before": pgettext_lazy("section", "Before you book"),
    "after": pgettext_lazy("section", "After treatment"),
    "reference": pgettext_lazy("section", "Reference"),
}
# Safety and evidence pages go stale fastest: regulators act, new outbreaks are reported.
SHORT_REVIEW_SECTIONS = frozenset({"safety", "evidence"})
MAX_KEY_POINTS = 5
FRONT_MATTER_KEYS = frozenset(
    {
        "title", "summary", "section", "order", "reviewed", "next_review", "sources", "aliases",
        "draft", "key_points", "related", "changes", "clinical_review",
    }
) | translations.KEYS  # fmt: skip
_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Document:
    """One published page: an article, a site page or the warning-signs page."""

    kind: str  # "article", "page" or "warning-signs"
    slug: str
    path: Path
    title: str
    summary: str
    reviewed: datetime.date
    next_review: datetime.date
    section: str = ""
    order: int = 100
    sources: tuple[Source, ...] = ()
    aliases: tuple[str, ...] = ()
    draft: bool = False
    key_points: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    changes: tuple[editorial.Change, ...] = ()  # newest first
    clinical_review: editorial.ClinicalReview | None = None
    body_hash: str = ""  # of what the editor wrote: the published record compares it
    headings: tuple[rendering.Heading, ...] = ()
    prose: str = ""  # what a reader reads as sentences: graded by checkcontent
    key_lines: Mapping[str, int] = field(default_factory=dict)  # for cross-file errors
    search_text: str = ""
    html_by_region: Mapping[str, str] = field(default_factory=dict)
    body_line: int = 1
    language: str = languages.DEFAULT
    translation: translations.TranslationOf | None = None  # set on a translated page

    @cached_property
    def url(self) -> str:
        return url_for(self.kind, self.slug, self.language)

    @cached_property
    def grade(self) -> float:
        """Flesch-Kincaid grade of the prose (computed on demand: checkcontent needs it, a
        running site does not, and the syllable dictionary takes a second to load)."""
        return readability.grade_of_text(self.prose)

    @cached_property
    def reading_ease(self) -> float:
        """INFLESZ (Szigriszt-Pazos) reading ease of a Spanish page's prose."""
        return readability.ease_of_text(self.prose)

    @property
    def section_title(self) -> str:
        return SECTIONS.get(self.section, "")

    @property
    def contents(self) -> tuple[rendering.Heading, ...]:
        """The `##` headings that make the page's contents list (care cards excluded)."""
        return tuple(h for h in self.headings if h.level == 2 and not h.id.startswith("care-"))

    @property
    def anchors(self) -> frozenset[str]:
        """Every id a link may point at: headings and numbered sources."""
        return frozenset(h.id for h in self.headings) | {f"source-{s.number}" for s in self.sources}

    @property
    def review_overdue(self) -> bool:
        return self.next_review < datetime.date.today()

    def html_for(self, region_code: str) -> str:
        return self.html_by_region.get(region_code) or next(iter(self.html_by_region.values()))


@dataclass(frozen=True)
class Parsed:
    """What reading one file gives: the item (or None), its problems, its site links."""

    item: object
    problems: tuple[ContentProblem, ...] = ()
    links: tuple[Link, ...] = ()


def split_front_matter(path: Path, text: str) -> tuple[str, str, int]:
    """The front-matter text, the body and the body's first line."""
    if not text.startswith("---"):
        raise FileProblems.one(path, 1, "missing front matter: start the file with a --- line")
    boundaries = list(_BOUNDARY.finditer(text, 0, len(text)))
    if len(boundaries) < 2 or boundaries[0].start() != 0:
        raise FileProblems.one(path, 1, "front matter is never closed: end it with a --- line")
    fm_text = text[boundaries[0].end() : boundaries[1].start()]
    body = text[boundaries[1].end() :].lstrip("\n")
    body_line = LineIndex(text).line_at(len(text) - len(body)) if body.strip() else 1
    return fm_text, body, body_line


def _render(check: Problems, body: str, body_line: int, key="", sources=(), snippet_dir=None):
    prefix = f"{key}: " if key else ""
    try:
        return rendering.render(body, {s.key: s.number for s in sources if s.key}, snippet_dir)
    except RecursionError:
        check.error(key, f"{prefix}the Markdown is nested too deeply to render", body_line)
    except TooComplex as exc:
        check.error(key, f"{prefix}{exc}", exc.line_in(body_line))
    except SnippetProblem as exc:
        check.error(key, f"{prefix}{exc}", _snippet_line(body, exc.name, body_line))
    return None


def _snippet_line(body: str, name: str, body_line: int) -> int:
    """The line of the `--8<--` include that names `name` (or of the first include)."""
    lines = body.split("\n")
    includes = [i for i, line in enumerate(lines) if "8<-" in line]
    named = [i for i in includes if name and name in lines[i]]
    index = (named or includes or [0])[0]
    return body_line + index


def _snippet_citations(check: Problems, rendered, body: str, body_line: int, snippet_dir):
    """Snippets cite by key; every key a page uses must name one of its own sources."""
    for name, line in sorted(set(rendered.numbered_in_snippets)):
        check.problems.append(
            ContentProblem(
                Path(snippet_dir) / name, line,
                "a snippet must cite sources by key, as [^fda-fillers], not by number: the "
                f"same source has a different number on each page (included by {check.path.name})",
            )
        )  # fmt: skip
    index = LineIndex(body, body_line)
    for key in sorted(set(rendered.unknown_source_keys)):
        offset = body.find(f"[^{key}]")
        line = index.line_at(offset) if offset >= 0 else _snippet_line(body, "", body_line)
        check.error(
            "", f"[^{key}] cites a source by key, but no source on this page has key: {key} "
            "(add it to sources, with that key)", line,
        )  # fmt: skip


def _body_rules(check: Problems, body: str, body_line: int, rendered, sources):
    index = LineIndex(body, body_line)
    top = re.search(r"^#(?!#)\s", body, re.MULTILINE)
    if top:
        check.error(
            "", "a top-level '# ' heading: use '## ' (the title is the page's only top heading)",
            index.line_at(top.start()),
        )  # fmt: skip
    for found in rendered.unsafe:
        needle = found.split("=", 1)[0].strip("<>").split()[0].lower()
        offset = body.lower().find(needle)
        line = index.line_at(offset) if offset >= 0 else body_line
        check.error("", f"unsafe or unsupported HTML removed: {found}", line)
    _unknown_figures(check, body, body_line, rendered)
    for number in sorted(set(rendered.cited_sources)):
        if not 1 <= number <= len(sources):
            offset = body.find(f"[^{number}]")
            check.error(
                "", f"[^{number}] cites source {number}, but the page lists {len(sources)}",
                index.line_at(offset) if offset >= 0 else body_line,
            )  # fmt: skip


def _unknown_figures(check: Problems, body: str, body_line: int, rendered):
    for name in rendered.figures:
        if name not in figures.figures():
            known = ", ".join(figures.figures()) or "none yet"
            check.error("", f"figure {name!r}: no such figure (known: {known})",
                        figures.line_of(body, name, body_line))  # fmt: skip


def _uncited(check: Problems, sources, rendered, lines: list[int]):
    for source in sources:
        if source.number not in rendered.cited_sources:
            line = lines[source.number - 1] if source.number <= len(lines) else None
            message = f"sources[{source.number}]: never cited with [^{source.number}]"
            check.warning("sources", message, line)


def _front_matter(check: Problems, data: dict, kind: str, language: str) -> dict:
    fields.unknown_keys(check, data, FRONT_MATTER_KEYS)
    values = {
        "title": fields.text(check, data, "title", 70),
        "summary": fields.text(check, data, "summary", 160),
        "section": "",
        "order": fields.whole_number(check, data, "order", 100),
        "draft": fields.flag(check, data, "draft"),
        "key_points": fields.sentences(check, data, "key_points", MAX_KEY_POINTS),
        "aliases": fields.slugs(check, data, "aliases"),
        "related": fields.slugs(check, data, "related"),
        "changes": editorial.parse_changes(check, data),
        "clinical_review": editorial.parse_clinical_review(check, data),
        "translation": translations.parse(check, data, language),
    }
    if kind == "article":
        values["section"] = fields.one_of(check, data, "section", SECTIONS)
    elif "section" in data:
        check.error("section", f"section: only articles have a section, not this {kind}")
    if kind == "warning-signs" and "aliases" in data:
        check.error("aliases", "aliases: the warning-signs page cannot be renamed")
    short = values["section"] in SHORT_REVIEW_SECTIONS or kind == "warning-signs"
    values["reviewed"], values["next_review"] = fields.review_dates(check, data, short)
    return values


def _as_written(key_points) -> list:
    # The published record hashes the key points as the editor wrote them.
    return key_points if isinstance(key_points, list) else []


def parse_document(
    path: Path, kind: str, content_dir: Path | None = None, language: str = languages.DEFAULT
) -> Parsed:
    """Parse, validate and render one Markdown file (snippets come from the edition's
    snippets folder; a translation renders with its language active, for care-card labels)."""
    slug = "warning-signs" if kind == "warning-signs" else path.stem
    try:
        text, warnings = read_text(path)
        fm_text, body, body_line = split_front_matter(path, text)
        data, key_lines, node = load_mapping(path, fm_text, first_line=1)
    except FileProblems as exc:
        return Parsed(None, tuple(exc.problems))
    check = Problems(path, key_lines)
    check.problems.extend(warnings)
    fields.file_name(check, slug)
    values = _front_matter(check, data, kind, language)
    lines = item_lines(node, "sources")
    found_sources = source_rules.sources(check, data, lines)
    if kind != "page":
        source_rules.strong_enough(check, data, found_sources)
    snippet_dir = Path(content_dir or path.parent.parent) / "snippets"
    rendered = _render(check, body, body_line, "", found_sources, snippet_dir)
    if rendered is None:
        return Parsed(None, tuple(check.problems))
    _snippet_citations(check, rendered, body, body_line, snippet_dir)
    _body_rules(check, body, body_line, rendered, found_sources)
    _uncited(check, found_sources, rendered, lines)
    if check.has_errors:
        return Parsed(None, tuple(check.problems))
    search_text = " ".join(
        [values["title"], values["summary"], *values["key_points"],
         *(h.text for h in rendered.headings), rendered.prose]
    )  # fmt: skip
    html = tokens.variants(rendered.html, settings.MESOGUIDE_CONTACT_EMAIL, language)
    body_hash = published.text_hash(
        values["title"], values["summary"], _as_written(data.get("key_points")), body,
        data.get("sources"),
    )  # fmt: skip
    document = Document(
        kind=kind, slug=slug, path=path, sources=found_sources, headings=rendered.headings,
        prose=rendered.prose, search_text=search_text, html_by_region=html,
        body_line=body_line, key_lines=key_lines, body_hash=body_hash, language=language,
        **values,
    )  # fmt: skip
    links = local_links(path, body, body_line, rendered.links, values["draft"])
    return Parsed(document, tuple(check.problems), tuple(links))
