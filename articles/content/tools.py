"""The after-treatment tool kind: content/tools/*.yaml, a form's fields and what it prints.

The YAML reading, field checks and source parsing are the engine's shared rules; this module only
knows the shape of a tool: fields for a form, and the wording of what the reader prints.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from . import fields as field_rules
from . import languages, published, readability, rendering, translations
from . import sources as source_rules
from .checklists import _sentence
from .documents import Parsed
from .links import Link, local_links
from .problems import FileProblems, Problems
from .sources import Source
from .tool_fields import MAX_ROWS, Column, Field, bounded_int, parse_columns, parse_fields
from .urls import url_for
from .yaml_reader import child, item_lines, key_lines, load_mapping, node_line, read_text

KINDS = ("letter", "record", "diary")
TOP_KEYS = {
    "title", "summary", "intro", "reviewed", "next_review", "kind", "submit", "fields",
    "wording", "columns", "rows", "sources",
} | translations.KEYS  # fmt: skip
# Keys a reader never sees: a change to them does not make a translation out of date.
NOT_READ = frozenset({"reviewed", "next_review"}) | translations.KEYS
# The wording each kind prints: "text" is one plain line, "markdown" a rendered block, and
# "clinical" a rendered block written for a clinician (sourced, but not held to grade 8).
WORDING = {
    "letter": {"heading": "text", "opening": "markdown", "facts_heading": "text",
               "evidence_heading": "text", "evidence": "clinical", "closing": "markdown",
               "reader_note": "markdown"},
    "record": {"heading": "text", "note": "markdown"},
    "diary": {"heading": "text", "get_help": "markdown", "note": "markdown",
              "photo_tips": "markdown"},
}  # fmt: skip


@dataclass(frozen=True)
class Tool:
    slug: str
    path: Path
    kind: str  # letter, record or diary
    title: str
    summary: str
    intro_html: str
    reviewed: datetime.date
    next_review: datetime.date
    submit: str
    fields: tuple[Field, ...]
    wording: Mapping[str, str]  # plain text, or sanitised HTML for markdown parts
    columns: tuple[Column, ...] = ()
    rows: int = 0
    sources: tuple[Source, ...] = ()
    prose: str = ""
    key_lines: Mapping[str, int] = field(default_factory=dict)
    language: str = languages.DEFAULT
    translation: translations.TranslationOf | None = None
    body_hash: str = ""  # of what readers see: a translation records the version it follows
    content_kind = "tool"  # `kind` says which tool; this says which view serves it

    @cached_property
    def url(self) -> str:
        return url_for(self.content_kind, self.slug, self.language)

    @property
    def extra_urls(self) -> tuple[str, ...]:
        """Other pages the tool serves: a record's blank copy."""
        if self.kind != "record":
            return ()
        return (url_for("tool-blank", self.slug, self.language),)

    @cached_property
    def reading_ease(self) -> float:
        return readability.ease_of_text(self.prose)

    @cached_property
    def grade(self) -> float:
        return readability.grade_of_text(self.prose)

    @property
    def review_overdue(self) -> bool:
        return self.next_review < datetime.date.today()


def _text_line(node) -> int:
    # A `|` or `>` block's text starts on the line after its key.
    return node_line(node) + (1 if getattr(node, "style", None) in ("|", ">") else 0)


def _render(check, key, text, line, sources) -> rendering.Rendered | None:
    try:
        rendered = rendering.render(text)
    except (RecursionError, rendering.TooComplex) as exc:
        check.error(key, f"{key}: {exc or 'nested too deeply to render'}", line)
        return None
    for found in rendered.unsafe:
        check.error(key, f"{key}: unsafe or unsupported HTML removed: {found}", line)
    for number in rendered.cited_sources:
        if not 1 <= number <= len(sources):
            check.error(key, f"{key}: [^{number}] cites a source that is not listed", line)
    return rendered


def _wording(check, data, root, kind, sources, links) -> tuple[dict[str, str], list[str]]:
    raw, node = data.get("wording"), child(root, "wording")
    parts, prose = {}, []
    if not isinstance(raw, dict):
        check.error("wording", f"wording: required, with {', '.join(WORDING.get(kind, {}))}")
        return parts, prose
    lines = key_lines(node)
    expected = WORDING.get(kind, {})
    field_rules.unknown_keys(
        check, raw, expected, where="wording", lines=lines, line=check.line("wording")
    )
    for key, style in expected.items():
        line = lines.get(key, check.line("wording"))
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            check.error("wording", f"wording: {key} is required text", line)
            continue
        if style == "text":
            parts[key] = " ".join(value.split())
            continue
        rendered = _render(check, f"wording.{key}", value, line, sources)
        if rendered:
            parts[key] = rendered.html
            links.extend(local_links(check.path, value, _text_line(child(node, key)),
                                     rendered.links))  # fmt: skip
            if style == "markdown":
                prose.extend(rendered.prose.splitlines())
    return parts, prose


def _form_parts(check, data, root, kind) -> tuple[tuple[Field, ...], tuple[Column, ...], int]:
    """The form's fields, and for a diary its printed columns and rows."""
    fields = parse_fields(check, data, root)
    if kind in ("letter", "record") and not fields:
        check.error("fields", f"fields: a {kind} needs at least one field")
    columns, rows = (), 0
    if kind == "diary":
        columns = parse_columns(check, data.get("columns"), child(root, "columns"), "diary",
                           check.line("columns"))  # fmt: skip
        rows = bounded_int(check, data, "rows", "diary", check.line("rows"), 1, MAX_ROWS)
    return fields, columns, rows


def parse_tool(path: Path, language: str = languages.DEFAULT) -> Parsed:
    """Parse and validate one tool file (from any content folder: the path says which)."""
    try:
        text, warnings = read_text(path)
        data, lines, root = load_mapping(path, text)
    except FileProblems as exc:
        return Parsed(None, tuple(exc.problems))
    check = Problems(path, lines, default_line=1)
    check.problems.extend(warnings)
    field_rules.file_name(check, path.stem)
    field_rules.unknown_keys(check, data, TOP_KEYS)
    translation = translations.parse(check, data, language)
    kind = data.get("kind")
    if kind not in KINDS:
        check.error("kind", f"kind: {kind!r} must be one of {', '.join(KINDS)}")
    title = field_rules.text(check, data, "title", 70)
    summary = field_rules.text(check, data, "summary", 160)
    submit = field_rules.text(check, data, "submit", 40, required=kind != "diary")
    reviewed = field_rules.date(check, data, "reviewed")
    next_review = field_rules.date(check, data, "next_review")
    if reviewed and next_review and next_review <= reviewed:
        check.error("next_review", "next_review: must be after reviewed")
    sources = source_rules.sources(check, data, item_lines(root, "sources"))
    fields, columns, rows = _form_parts(check, data, root, kind)
    links: list[Link] = []
    wording, wording_prose = _wording(check, data, root, kind, sources, links)
    intro = data.get("intro")
    rendered_intro = None
    if not isinstance(intro, str) or not intro.strip():
        check.error("intro", "intro: required text")
    else:
        rendered_intro = _render(check, "intro", intro, check.line("intro"), sources)
    if check.has_errors or rendered_intro is None:
        return Parsed(None, tuple(check.problems))
    links[:0] = local_links(path, intro, _text_line(child(root, "intro")), rendered_intro.links)
    # The reader reads the intro, every label, hint and choice, and the printed wording.
    prose = "\n".join(
        rendered_intro.prose.splitlines()
        + [_sentence(t) for f in fields for t in (f.label, f.hint) if t]
        + wording_prose
    )
    tool = Tool(
        slug=path.stem, path=path, kind=kind, title=title, summary=summary,
        intro_html=rendered_intro.html, reviewed=reviewed, next_review=next_review,
        submit=submit, fields=fields, wording=MappingProxyType(wording), columns=columns,
        rows=rows, sources=sources, prose=prose, key_lines=lines, language=language,
        translation=translation,
        body_hash=published.data_hash({k: v for k, v in data.items() if k not in NOT_READ}),
    )  # fmt: skip
    return Parsed(tool, tuple(check.problems), tuple(links))
