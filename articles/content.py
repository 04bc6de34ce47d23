"""Discover content files, validate front matter, render once, and keep the result in memory.

Everything a request needs is computed here at load: parsed front matter as frozen
dataclasses, sanitised HTML, headings, prose and search text. Views only look up.
"""

import datetime
import hashlib
import logging
import multiprocessing
import os
import re
import threading
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import frontmatter
import yaml
from django.conf import settings
from django.utils.html import format_html

from . import editorial, figures, published, readability, rendering
from .regions import REGIONS, other_numbers_html, region_html_tokens

logger = logging.getLogger("mesoguide.content")

SECTIONS = {
    "basics": "The basics",
    "evidence": "Does it work?",
    "safety": "Risks and safety",
    "before": "Before you book",
    "after": "After treatment",
    "reference": "Reference",
}
SOURCE_TYPES = frozenset(
    {
        "regulator", "outbreak-report", "systematic-review", "trial", "study", "case-report",
        "review", "guideline", "professional-body", "news", "other",
    }
)  # fmt: skip
STRONG_SOURCE_TYPES = frozenset({"regulator", "outbreak-report", "systematic-review"})
# Copies, caches and document-sharing sites: cite the original publication instead.
MIRROR_HOSTS = frozenset(
    {
        "scribd.com", "doczz.fr", "doczz.it", "doczz.net", "docksci.com", "studyres.com",
        "slideum.com", "kipdf.com", "blogspot.com", "webarchive.library.unt.edu",
        "web.archive.org", "archive.org", "archive.ph", "vdocuments.us", "vdocuments.site",
        "vdocuments.mx", "content.govdelivery.com", "litmetric.com", "ngdc.cncb.ac.cn",
        "ouci.dntb.gov.ua", "proxy.weglot.com", "pesquisa.bvsalud.org", "em-doctors.com",
        "drpharmacy.uk", "iiab.me", "tressless.com", "slideshare.net", "issuu.com",
        "pdfcoffee.com", "dokumen.pub", "academia.edu", "researchgate.net", "coursehero.com",
        "studocu.com", "yumpu.com", "docplayer.net", "sciencegate.app", "biocloudy.com",
        "semanticscholar.org",
    }
)  # fmt: skip
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FILE_BYTES = 256 * 1024  # the longest real page is under 20 KiB
PARALLEL_FROM_FILES = 200
MAX_GRADE = 8.0
MIN_GRADED_WORDS = 60
MAX_KEY_POINTS = 5
# Safety and evidence pages go stale fastest: regulators act, new outbreaks are reported.
SHORT_REVIEW_SECTIONS = frozenset({"safety", "evidence"})
SHORT_REVIEW_DAYS = 366
LONG_REVIEW_DAYS = 3 * 366

FRONT_MATTER_KEYS = {
    "title", "summary", "section", "order", "reviewed", "next_review", "sources", "aliases",
    "draft", "key_points", "related", "changes", "clinical_review",
}  # fmt: skip
SOURCE_KEYS = {"title", "authors", "publisher", "year", "url", "type", "key"}
SOURCE_KEY_RE = re.compile(r"^[a-z][a-z0-9-]{0,40}$")


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong with a content file, worded for the editor who must fix it."""

    path: Path
    line: int
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self):
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class Source:
    number: int
    title: str
    publisher: str
    year: int
    url: str
    type: str
    authors: str = ""
    key: str = ""  # optional name for `[^key]` citations (snippets must cite this way)


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

    @property
    def url(self) -> str:
        return url_for(self.kind, self.slug)

    @cached_property
    def grade(self) -> float:
        """Flesch-Kincaid grade of the prose (computed on demand: checkcontent needs it, a
        running site does not, and the syllable dictionary takes a second to load)."""
        return readability.grade_of_text(self.prose)

    @property
    def section_title(self) -> str:
        return SECTIONS.get(self.section, "")

    @property
    def contents(self) -> tuple[rendering.Heading, ...]:
        """The `##` headings that make the page's contents list (care cards excluded)."""
        return tuple(h for h in self.headings if h.level == 2 and not h.id.startswith("care-"))

    @property
    def is_medical(self) -> bool:
        return self.kind in {"article", "warning-signs"}

    @property
    def review_overdue(self) -> bool:
        return self.next_review < datetime.date.today()

    def html_for(self, region_code: str) -> str:
        return self.html_by_region.get(region_code) or next(iter(self.html_by_region.values()))


def url_for(kind: str, slug: str) -> str:
    if kind == "article":
        return f"/articles/{slug}/"
    if kind == "warning-signs":
        return "/warning-signs/"
    return f"/{slug}/"


@dataclass(frozen=True)
class Registry:
    """Every published document, indexed the ways the views need, plus what was wrong."""

    documents: Mapping[str, Document]  # by URL path
    articles: Mapping[str, Document]  # by slug, ordered by section then order
    pages: Mapping[str, Document]
    redirects: Mapping[str, str]  # old URL path -> current URL path
    problems: tuple[ContentProblem, ...]
    checklist_slugs: frozenset[str]
    warning_signs: Document | None = None

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

    @property
    def last_reviewed(self) -> datetime.date:
        return max((d.reviewed for d in self.documents.values()), default=datetime.date.today())

    @property
    def errors(self) -> list[ContentProblem]:
        return [p for p in self.problems if p.severity == "error"]


class FileProblems(Exception):
    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


class FieldChecker:
    """Collects problems for one file, with the line each front-matter key sits on."""

    def __init__(self, path: Path, key_lines: dict[str, int], default_line: int):
        self.path = path
        self.key_lines = key_lines
        self.default_line = default_line
        self.problems: list[ContentProblem] = []

    def line(self, key: str) -> int:
        return self.key_lines.get(key, self.default_line)

    def error(self, key: str, message: str, line: int | None = None):
        self.problems.append(ContentProblem(self.path, line or self.line(key), message))

    def warning(self, key: str, message: str, line: int | None = None):
        self.problems.append(ContentProblem(self.path, line or self.line(key), message, "warning"))

    def file_name(self, slug: str):
        """The slug is the file name, so the file name must be a valid slug."""
        if not SLUG_RE.match(slug):
            self.error(
                "", f"file name {self.path.name!r}: use lower-case letters, digits and hyphens"
            )

    def unknown_keys(self, data: dict, allowed, where="", lines=None, line=None):
        """Report keys outside `allowed`: a misspelt key would otherwise be silently ignored."""
        prefix = f"{where}: " if where else ""
        for key in sorted(set(data) - set(allowed)):
            found_line = (lines if lines is not None else self.key_lines).get(key, line)
            self.error(
                key,
                f"{prefix}unknown key {key!r} (allowed: {', '.join(sorted(allowed))})",
                found_line,
            )


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise FileProblems(
            [
                ContentProblem(
                    path, 1, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}"
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblems(
            [ContentProblem(path, line, f"not valid UTF-8 (byte {exc.start}): save as UTF-8")]
        ) from exc


# libyaml's parser when PyYAML was built with it (it is, in the PyPI wheels): ~10x faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


class _ContentLoader(_SafeLoader):
    """PyYAML's safe loader, except that an impossible date stays text for validation."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_ContentLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _ContentLoader.construct_yaml_timestamp
)


def _refuse_tags_and_aliases(path: Path, root, first_line: int):
    """Only plain data: no tags (`!!python/...`, `!!binary`) and no anchors or aliases.

    Aliases are how "billion laughs" documents grow; an aliased node is the same object
    reached twice, so one walk with a set of visited nodes finds it without expanding it.
    """
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        line = first_line + node.start_mark.line
        if id(node) in seen:
            raise FileProblems(
                [ContentProblem(path, line, "YAML anchors and aliases (&, *) are not allowed")]
            )
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise FileProblems(
                [ContentProblem(path, line, f"YAML tags ({node.tag}) are not allowed")]
            )
        if isinstance(node, yaml.MappingNode):
            stack.extend(child for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def compose_yaml(path: Path, text: str, first_line: int = 1):
    """Parse YAML text into a checked node tree (see load_yaml_mapping)."""
    loader = _ContentLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_tags_and_aliases(path, node, first_line)
        return loader, node
    except yaml.MarkedYAMLError as exc:
        loader.dispose()
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise FileProblems(
            [ContentProblem(path, line, f"YAML error: {exc.problem or exc.context}")]
        ) from exc
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (a control character, say): name it and its line.
        loader.dispose()
        line = first_line + text[: exc.position].count("\n")
        message = f"YAML error: character #x{exc.character:04X}: {exc.reason}"
        raise FileProblems([ContentProblem(path, line, message)]) from exc
    except yaml.YAMLError as exc:
        loader.dispose()
        raise FileProblems([ContentProblem(path, first_line, f"YAML error: {exc}")]) from exc


def load_yaml_mapping(path: Path, text: str, first_line: int = 1):
    """Safely parse YAML into a dict, plus the line of each top-level key and the node tree."""
    loader, node = compose_yaml(path, text, first_line)
    try:
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise FileProblems([ContentProblem(path, line, f"YAML error: {exc.problem}")]) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise FileProblems([ContentProblem(path, first_line, "expected keys and values")])
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            key_lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return data, key_lines, node


def parse_text(check: FieldChecker, data: dict, key: str, limit: int, required=True) -> str:
    value = data.get(key)
    if value is None:
        if required:
            check.error(key, f"{key}: required")
        return ""
    if not isinstance(value, str) or not value.strip():
        check.error(key, f"{key}: must be text")
        return ""
    value = " ".join(value.split())
    if len(value) > limit:
        check.error(key, f"{key}: {len(value)} characters; the limit is {limit}")
    return value


def parse_date(check: FieldChecker, data: dict, key: str) -> datetime.date | None:
    value = data.get(key)
    if value is None:
        check.error(key, f"{key}: required (a date such as 2026-11-28)")
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        check.error(key, f"{key}: {value!r} is not a date in the form YYYY-MM-DD")
        return None
    return value


def _slug_list(check: FieldChecker, data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        check.error(key, f"{key}: must be a list of slugs")
        return ()
    slugs = []
    for item in value:
        if not isinstance(item, str) or not SLUG_RE.match(item):
            check.error(key, f"{key}: {item!r} is not a slug (lower-case letters, digits, -)")
        else:
            slugs.append(item)
    return tuple(slugs)


def _source_host_is_mirror(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == mirror or host.endswith("." + mirror) for mirror in MIRROR_HOSTS)


def parse_sources(check: FieldChecker, data: dict, source_lines: list[int]) -> tuple[Source, ...]:
    value = data.get("sources", [])
    if not isinstance(value, list):
        check.error("sources", "sources: must be a list")
        return ()
    sources = []
    for number, item in enumerate(value, start=1):
        line = source_lines[number - 1] if number <= len(source_lines) else check.line("sources")
        where = f"sources[{number}]"
        if not isinstance(item, dict):
            check.error("sources", f"{where}: must have title, publisher, year, url, type", line)
            continue
        for key in sorted(set(item) - SOURCE_KEYS):
            check.error("sources", f"{where}: unknown key {key!r}", line)
        missing = [k for k in ("title", "publisher", "year", "url", "type") if k not in item]
        if missing:
            check.error("sources", f"{where}: missing {', '.join(missing)}", line)
            continue
        title, publisher = item["title"], item["publisher"]
        authors, url, kind, year = item.get("authors", ""), item["url"], item["type"], item["year"]
        if not all(isinstance(v, str) and v.strip() for v in (title, publisher, url)):
            check.error("sources", f"{where}: title, publisher and url must be text", line)
            continue
        if not isinstance(authors, str):
            check.error("sources", f"{where}: authors must be text", line)
            continue
        if isinstance(year, bool) or not isinstance(year, int):
            check.error("sources", f"{where}: year must be a number such as 2014", line)
            continue
        if not 1900 <= year <= datetime.date.today().year + 1:
            check.error("sources", f"{where}: year {year} is not plausible", line)
        if kind not in SOURCE_TYPES:
            check.error(
                "sources",
                f"{where}: type {kind!r} is not one of {', '.join(sorted(SOURCE_TYPES))}",
                line,
            )
        if urlsplit(url).scheme not in {"https", "http"} or not urlsplit(url).hostname:
            check.error("sources", f"{where}: url must be a full https:// address", line)
        elif _source_host_is_mirror(url):
            check.error(
                "sources",
                f"{where}: {urlsplit(url).hostname} is a mirror or copy; "
                "cite the original publication (journal, DOI, PubMed or the regulator's site)",
                line,
            )
        key = item.get("key", "")
        if key and (not isinstance(key, str) or not SOURCE_KEY_RE.match(key)):
            check.error("sources", f"{where}: key {key!r}: use lower-case letters, digits, -", line)
            key = ""
        elif key and any(s.key == key for s in sources):
            check.error("sources", f"{where}: key {key!r} is used by another source", line)
            key = ""
        sources.append(
            Source(number, " ".join(title.split()), publisher.strip(), year, url.strip(), kind,
                   " ".join(authors.split()), key)
        )  # fmt: skip
    return tuple(sources)


def source_item_lines(fm_text: str, first_line: int) -> list[int]:
    """Line of each `- ` item under `sources:` (for error messages)."""
    lines, inside, indent = [], False, None
    for offset, line in enumerate(fm_text.splitlines()):
        if re.match(r"^sources\s*:", line):
            inside = True
            continue
        if inside and re.match(r"^\S", line) and not line.startswith("-"):
            break
        item = re.match(r"^(\s*)-\s", line) if inside else None
        if item and indent in (None, len(item.group(1))):
            indent = len(item.group(1))
            lines.append(first_line + offset)
    return lines


def _snippet_line(body: str, name: str, body_line: int) -> int:
    """The line of the `--8<--` include that names `name` (or of the first include)."""
    lines = body.split("\n")
    includes = [i for i, line in enumerate(lines) if "8<-" in line]
    named = [i for i in includes if name and name in lines[i]]
    index = (named or includes or [0])[0]
    return body_line + index


def _check_snippet_citations(check, rendered, body, body_line, content_dir):
    """Snippets cite by key; every key a page uses must name one of its own sources."""
    for name, line in sorted(set(rendered.numbered_in_snippets)):
        check.problems.append(
            ContentProblem(
                content_dir / "snippets" / name, line,
                "a snippet must cite sources by key, as [^fda-fillers], not by number: the "
                f"same source has a different number on each page (included by {check.path.name})",
            )
        )  # fmt: skip
    for key in sorted(set(rendered.unknown_source_keys)):
        line = _line_of(body, f"[^{key}]", body_line)
        if line == body_line and f"[^{key}]" not in body:
            line = _snippet_line(body, "", body_line)
        check.error(
            "", f"[^{key}] cites a source by key, but no source on this page has key: {key} "
            "(add it to sources, with that key)", line,
        )  # fmt: skip


def _line_of(body: str, needle: str, body_line: int) -> int:
    index = body.find(needle)
    return body_line + body[:index].count("\n") if index >= 0 else body_line


def parse_document(path: Path, kind: str, content_dir: Path) -> tuple[Document | None, list]:
    """Parse, validate and render one file. Returns the document (or None) and its problems."""
    slug = "warning-signs" if kind == "warning-signs" else path.stem
    try:
        text = read_text(path)
        fm_text, body = "", text
        handler = frontmatter.YAMLHandler()
        if not handler.detect(text):
            raise FileProblems(
                [ContentProblem(path, 1, "missing front matter: start the file with a --- line")]
            )
        if len(handler.FM_BOUNDARY.findall(text)) < 2:
            raise FileProblems(
                [ContentProblem(path, 1, "front matter is never closed: end it with a --- line")]
            )
        fm_text, body = handler.split(text)
        # The front-matter text starts with the newline that ends the opening --- line.
        body_line = text[: text.find(body)].count("\n") + 1 if body.strip() else 1
        data, key_lines, _node = load_yaml_mapping(path, fm_text, first_line=1)
    except FileProblems as exc:
        return None, exc.problems

    check = FieldChecker(path, key_lines, default_line=1)
    check.file_name(slug)
    check.unknown_keys(data, FRONT_MATTER_KEYS)

    title = parse_text(check, data, "title", 70)
    summary = parse_text(check, data, "summary", 160)
    section = ""
    if kind == "article":
        section = data.get("section")
        if section not in SECTIONS:
            check.error("section", f"section: {section!r} must be one of {', '.join(SECTIONS)}")
            section = ""
    elif "section" in data:
        check.error("section", f"section: only articles have a section, not this {kind}")
    order = data.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        check.error("order", f"order: {order!r} must be a whole number")
        order = 100
    reviewed = parse_date(check, data, "reviewed")
    next_review = parse_date(check, data, "next_review")
    if reviewed and next_review:
        if next_review <= reviewed:
            check.error("next_review", "next_review: must be after reviewed")
        limit = (
            SHORT_REVIEW_DAYS
            if section in SHORT_REVIEW_SECTIONS or kind == "warning-signs"
            else LONG_REVIEW_DAYS
        )
        if (next_review - reviewed).days > limit:
            window = "12 months" if limit == SHORT_REVIEW_DAYS else "3 years"
            check.error("next_review", f"next_review: must be within {window} of reviewed")
        if next_review < datetime.date.today():
            check.warning("next_review", f"next_review: review was due on {next_review}")
        if reviewed > datetime.date.today():
            check.error("reviewed", "reviewed: date is in the future")
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        check.error("draft", "draft: must be true or false")
        draft = False
    key_points = data.get("key_points", [])
    if not isinstance(key_points, list) or not all(
        isinstance(p, str) and p.strip() for p in key_points
    ):
        check.error("key_points", "key_points: must be a list of sentences")
        key_points = []
    elif len(key_points) > MAX_KEY_POINTS:
        check.error("key_points", f"key_points: at most {MAX_KEY_POINTS}, found {len(key_points)}")
    aliases = _slug_list(check, data, "aliases")
    related = _slug_list(check, data, "related")
    item_lines = source_item_lines(fm_text, 1)
    sources = parse_sources(check, data, item_lines)
    changes = editorial.parse_changes(check, data)
    clinical_review = editorial.parse_clinical_review(check, data)

    if kind != "article" and "aliases" in data and kind == "warning-signs":
        check.error("aliases", "aliases: the warning-signs page cannot be renamed")

    if re.search(r"^#(?!#)\s", body, re.MULTILINE):
        check.error(
            "", "a top-level '# ' heading: use '## ' (the title is the page's only top heading)",
            _line_of(body, "\n# ", body_line) + 1 if not body.startswith("# ") else body_line,
        )  # fmt: skip
    try:
        rendered = rendering.render(
            body, {s.key: s.number for s in sources if s.key}, content_dir / "snippets"
        )
    except RecursionError:
        check.error("", "the Markdown is nested too deeply to render", body_line)
        return None, check.problems
    except rendering.TooComplex as exc:
        check.error("", str(exc), body_line)
        return None, check.problems
    except rendering.SnippetProblem as exc:
        check.error("", str(exc), _snippet_line(body, exc.name, body_line))
        return None, check.problems
    _check_snippet_citations(check, rendered, body, body_line, content_dir)
    for found in rendered.unsafe:
        needle = found.split("=", 1)[0].strip("<>").split()[0]
        line = _line_of(body.lower(), needle.lower(), body_line)
        check.error("", f"unsafe or unsupported HTML removed: {found}", line)
    for name in rendered.figures:
        if name not in figures.figures():
            known = ", ".join(figures.figures()) or "none yet"
            check.error("", f"figure {name!r}: no such figure (known: {known})",
                        figures.line_of(body, name, body_line))  # fmt: skip
    for number in sorted(set(rendered.cited_sources)):
        if not 1 <= number <= len(sources):
            check.error(
                "", f"[^{number}] cites source {number}, but the page lists {len(sources)}",
                _line_of(body, f"[^{number}]", body_line),
            )  # fmt: skip
    if kind != "page" and "sources" not in data:
        check.error("sources", "sources: required on every article and the warning-signs page")
    elif kind != "page" and sources:
        if len(sources) < 3:
            check.error("sources", f"sources: at least 3 needed, found {len(sources)}")
        if not any(s.type in STRONG_SOURCE_TYPES for s in sources):
            check.error(
                "sources",
                "sources: at least one must be a regulator, outbreak-report or systematic-review",
            )
    for source in sources:
        if source.number not in rendered.cited_sources:
            line = item_lines[source.number - 1] if source.number <= len(item_lines) else None
            check.warning(
                "sources", f"sources[{source.number}]: never cited with [^{source.number}]", line
            )

    prose = rendered.prose

    if any(p.severity == "error" for p in check.problems):
        return None, check.problems

    search_text = " ".join(
        [title, summary, *key_points, *(h.text for h in rendered.headings), prose]
    )
    document = Document(
        kind=kind, slug=slug, path=path, title=title, summary=summary, section=section,
        order=order, reviewed=reviewed, next_review=next_review, sources=sources,
        aliases=aliases, draft=draft, key_points=tuple(" ".join(p.split()) for p in key_points),
        related=related, changes=changes, clinical_review=clinical_review,
        body_hash=published.text_hash(title, summary, key_points, body, data.get("sources")),
        headings=rendered.headings, prose=prose, search_text=search_text,
        html_by_region=_html_variants(rendered.html), body_line=body_line, key_lines=key_lines,
    )  # fmt: skip
    return document, check.problems + _link_records(path, body, body_line, rendered)


@dataclass(frozen=True)
class _LinkRecord:
    """A link to check once every document is known (not a problem unless it is broken)."""

    path: Path
    line: int
    href: str
    severity: str = "link"


def _link_records(path, body, body_line, rendered) -> list:
    return [
        _LinkRecord(path, _line_of(body, f"]({href}", body_line), href)
        for href in rendered.links
        if href.startswith(("/", "#"))
    ]


def _html_variants(html: str) -> Mapping[str, str]:
    contact = settings.MESOGUIDE_CONTACT_EMAIL
    contact_html = (
        format_html('<a href="mailto:{0}">{0}</a>', contact)
        if contact
        else "the contact address of whoever runs this copy of the site"
    )
    html = html.replace("[contact email]", contact_html)
    # A plain dict (not a read-only proxy): documents are pickled when loaded in parallel.
    if not rendering.needs_region(html):
        return {"": html}
    return {
        code: rendering.fill_region(html, region_html_tokens(region), other_numbers_html(region))
        for code, region in REGIONS.items()
    }


def _discover(content_dir: Path) -> list[tuple[Path, str]]:
    found = []
    if (content_dir / "warning-signs.md").exists() or (
        content_dir / "warning-signs.md"
    ).is_symlink():
        found.append((content_dir / "warning-signs.md", "warning-signs"))
    for folder, kind in (("articles", "article"), ("pages", "page")):
        directory = content_dir / folder
        if directory.is_dir():
            found.extend((path, kind) for path in sorted(directory.glob("*.md")))
    return found


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (OSError, ValueError):
        return False
    return True


def grade_problem(path: Path, line: int, prose: str, grade: float) -> ContentProblem | None:
    """An error when a page's prose reads above grade 8 (checkcontent runs this)."""
    # A grade from a handful of words is noise (one long word scores like a thesis).
    if grade > MAX_GRADE and len(prose.split()) >= MIN_GRADED_WORDS:
        return ContentProblem(
            path, line,
            f"reading grade {grade} is above {MAX_GRADE:g}: "
            "use shorter sentences and plainer words",
        )  # fmt: skip
    return None


def _parse_one(job: tuple[Path, str, Path]) -> tuple[Document | None, list]:
    path, kind, content_dir = job
    if not _inside(path, content_dir):
        return None, [ContentProblem(path, 1, "points outside the content folder")]
    try:
        return parse_document(path, kind, content_dir)
    except OSError as exc:
        return None, [ContentProblem(path, 1, f"could not read the file: {exc.strerror}")]


def _parse_all(files: list[tuple[Path, str]], content_dir: Path) -> list:
    """Parse every file; a large site is spread over the CPUs (rendering is CPU-bound).

    Small sites stay in-process: starting workers costs more than it saves. Fork keeps the
    configured Django settings; anything that goes wrong with the pool falls back to serial.
    """
    jobs = [(path, kind, content_dir) for path, kind in files]
    cpus = os.cpu_count() or 1
    if len(jobs) >= PARALLEL_FROM_FILES and cpus > 1 and threading.active_count() == 1:
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=min(cpus, 8), mp_context=context) as pool:
                return list(pool.map(_parse_one, jobs, chunksize=16))
        except Exception as exc:  # any pool failure: the serial load below still works
            logger.warning("parallel content load failed (%s); loading serially", exc)
    return [_parse_one(job) for job in jobs]


HANDOUT_PREFIXES = ("/articles/", "/checklists/", "/warning-signs/")


def static_paths() -> set[str]:
    return {
        "/", "/articles/", "/checklists/", "/search/", "/feed/", "/warning-signs/",
        "/feedback/", "/admin/", "/after-treatment/",
    }  # fmt: skip


def load(
    content_dir: Path | None = None, include_drafts: bool | None = None, log: bool = True
) -> Registry:
    """Read every content file and build the registry. Never raises for a bad file."""
    content_dir = Path(content_dir or settings.MESOGUIDE_CONTENT_DIR)
    include_drafts = settings.DEBUG if include_drafts is None else include_drafts
    problems: list[ContentProblem] = []
    links: list[_LinkRecord] = []
    documents: list[Document] = []
    for document, found in _parse_all(_discover(content_dir), content_dir):
        problems.extend(p for p in found if isinstance(p, ContentProblem))
        links.extend(p for p in found if isinstance(p, _LinkRecord))
        if document:
            documents.append(document)

    checklist_dir = content_dir / "checklists"
    checklist_slugs = frozenset(
        p.stem for p in checklist_dir.glob("*.yaml") if SLUG_RE.match(p.stem)
    ) if checklist_dir.is_dir() else frozenset()  # fmt: skip

    # Cross-file rules: unique URLs and aliases, aliases that do not shadow live pages.
    by_url: dict[str, Document] = {}
    for doc in documents:
        if doc.url in by_url or (doc.url in static_paths() and doc.kind == "page"):
            problems.append(ContentProblem(doc.path, 1, f"{doc.url} is already in use"))
            continue
        by_url[doc.url] = doc
    redirects: dict[str, str] = {}
    for doc in by_url.values():
        line = doc.key_lines.get("aliases", 1)
        for alias in doc.aliases:
            old = url_for(doc.kind, alias)
            if old in by_url:
                problems.append(
                    ContentProblem(doc.path, line, f"aliases: {alias!r} is the slug of a live page")
                )
            elif old in redirects:
                problems.append(
                    ContentProblem(doc.path, line, f"aliases: {alias!r} is already an alias of "
                                                   f"{redirects[old]}")
                )  # fmt: skip
            elif old in static_paths():
                problems.append(ContentProblem(doc.path, line, f"aliases: {alias!r} is reserved"))
            else:
                redirects[old] = doc.url

    known_paths = static_paths() | set(by_url) | {f"/checklists/{s}/" for s in checklist_slugs}
    # After-treatment tools (checklists.tools) live in content/tools/; any file there is a page.
    tool_dir = content_dir / "tools"
    if tool_dir.is_dir():
        known_paths |= {f"/after-treatment/{p.stem}/" for p in tool_dir.glob("*.yaml")}
    for record in links:
        target, _, anchor = record.href.partition("#")
        if record.href.startswith("#"):
            target = url_for(*_kind_slug_of(record.path, content_dir))
        target = target.partition("?")[0]
        page_of_handout = target.removesuffix("handout.pdf")
        if target.endswith("/handout.pdf") and page_of_handout.startswith(HANDOUT_PREFIXES):
            target = page_of_handout  # articles, warning signs and checklists have a PDF
        if target not in known_paths:
            hint = f" (it moved to {redirects[target]})" if target in redirects else ""
            problems.append(
                ContentProblem(record.path, record.line, f"link to {target}: no such page{hint}")
            )
        elif anchor and target in by_url:
            ids = {h.id for h in by_url[target].headings} | {
                f"source-{s.number}" for s in by_url[target].sources
            }
            if anchor not in ids:
                problems.append(
                    ContentProblem(record.path, record.line,
                                   f"link to {target}#{anchor}: no such section on that page")
                )  # fmt: skip
    for doc in by_url.values():
        for slug in doc.related:
            if f"/articles/{slug}/" not in by_url:
                line = doc.key_lines.get("related", 1)
                problems.append(ContentProblem(doc.path, line, f"related: no article {slug!r}"))

    published = {url: doc for url, doc in by_url.items() if include_drafts or not doc.draft}
    articles = sorted(
        (d for d in published.values() if d.kind == "article"),
        key=lambda d: (list(SECTIONS).index(d.section), d.order, d.title),
    )
    for problem in problems if log else ():
        (logger.error if problem.severity == "error" else logger.warning)("%s", problem)
    return Registry(
        documents=MappingProxyType(published),
        articles=MappingProxyType({d.slug: d for d in articles}),
        pages=MappingProxyType({d.slug: d for d in published.values() if d.kind == "page"}),
        redirects=MappingProxyType(
            {old: new for old, new in redirects.items() if new in published}
        ),
        problems=tuple(problems),
        checklist_slugs=checklist_slugs,
        warning_signs=published.get("/warning-signs/"),
    )


def _kind_slug_of(path: Path, content_dir: Path) -> tuple[str, str]:
    if path.name == "warning-signs.md" and path.parent == content_dir:
        return "warning-signs", "warning-signs"
    return ("article" if path.parent.name == "articles" else "page"), path.stem


def content_fingerprint(content_dir: Path) -> str:
    """A cheap digest of every content file's name, size and modification time."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(content_dir.rglob("*")):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class ReloadingCache:
    """Holds one loaded value per process; in DEBUG, reloads when the content folder changes."""

    _listeners: list = []  # called whenever any cache loads again or is cleared

    def __init__(self, loader):
        self._loader = loader
        self._lock = threading.Lock()
        self._value = None
        self._key = None

    @classmethod
    def on_change(cls, callback):
        """Call `callback()` whenever content is loaded again (derived caches start over)."""
        cls._listeners.append(callback)

    def _changed(self):
        for callback in self._listeners:
            callback()

    def get(self):
        content_dir = settings.MESOGUIDE_CONTENT_DIR
        reload = settings.MESOGUIDE_RELOAD_CONTENT
        key = (
            str(content_dir),
            settings.DEBUG,
            content_fingerprint(Path(content_dir)) if reload else "",
        )
        if self._value is None or key != self._key:
            with self._lock:
                if self._value is None or key != self._key:
                    self._value = self._loader()
                    self._key = key
                    self._changed()
        return self._value

    def clear(self):
        with self._lock:
            self._value = None
            self._key = None
        self._changed()


_registry = ReloadingCache(load)


def get_registry() -> Registry:
    """The registry for this process (rendered once; reloaded on change only in DEBUG)."""
    return _registry.get()
