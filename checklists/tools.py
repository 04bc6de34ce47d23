"""Load and validate the after-treatment tools in content/tools/*.yaml into frozen definitions.

The YAML reading, field checks and source parsing are the engine's (articles.content) and the
node helpers are the checklists' (checklists.definitions); this module only knows the shape of a
tool: fields for a form, and the wording of what the reader prints.
"""

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from django.conf import settings
from django.utils import translation

from articles.content import (
    ContentProblem,
    FieldChecker,
    FileProblems,
    ReloadingCache,
    Source,
    load_yaml_mapping,
    parse_date,
    parse_sources,
    parse_text,
    read_text,
    readability,
    rendering,
    source_item_lines,
    static_paths,
)

from .definitions import _child, _key_lines, _sentence
from .tool_fields import MAX_ROWS, Column, Field, bounded_int, parse_columns, parse_fields

logger = logging.getLogger("mesoguide.content")

URL_PREFIX = "/after-treatment/"
KINDS = ("letter", "record", "diary")
TOP_KEYS = {
    "title", "summary", "intro", "reviewed", "next_review", "kind", "submit", "fields",
    "wording", "columns", "rows", "sources",
}  # fmt: skip
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
    kind: str
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
    links: tuple[str, ...] = ()  # links to site pages, checked by checkcontent

    @property
    def url(self) -> str:
        return f"{URL_PREFIX}{self.slug}/"

    @cached_property
    def grade(self) -> float:
        return readability.grade_of_text(self.prose)

    @property
    def review_overdue(self) -> bool:
        return self.next_review < datetime.date.today()


@dataclass(frozen=True)
class Tools:
    definitions: Mapping[str, Tool]
    problems: tuple[ContentProblem, ...]


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
    raw, node = data.get("wording"), _child(root, "wording")
    parts, prose = {}, []
    if not isinstance(raw, dict):
        check.error("wording", f"wording: required, with {', '.join(WORDING.get(kind, {}))}")
        return parts, prose
    lines = {k: v for k, v in _key_lines(node).items()}
    expected = WORDING.get(kind, {})
    check.unknown_keys(raw, expected, where="wording", lines=lines, line=check.line("wording"))
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
            links.extend(rendered.links)
            if style == "markdown":
                prose.extend(rendered.prose.splitlines())
    return parts, prose


def parse_tool(path: Path) -> tuple[Tool | None, list[ContentProblem]]:
    """Parse and validate one tool file."""
    try:
        text = read_text(path)
        data, key_lines, root = load_yaml_mapping(path, text)
    except FileProblems as exc:
        return None, exc.problems
    check = FieldChecker(path, key_lines, default_line=1)
    check.file_name(path.stem)
    check.unknown_keys(data, TOP_KEYS)
    kind = data.get("kind")
    if kind not in KINDS:
        check.error("kind", f"kind: {kind!r} must be one of {', '.join(KINDS)}")
    title = parse_text(check, data, "title", 70)
    summary = parse_text(check, data, "summary", 160)
    submit = parse_text(check, data, "submit", 40, required=kind != "diary")
    reviewed = parse_date(check, data, "reviewed")
    next_review = parse_date(check, data, "next_review")
    if reviewed and next_review and next_review <= reviewed:
        check.error("next_review", "next_review: must be after reviewed")
    sources = parse_sources(check, data, source_item_lines(text, 1))
    fields = parse_fields(check, data, root)
    if kind in ("letter", "record") and not fields:
        check.error("fields", f"fields: a {kind} needs at least one field")
    columns, rows = (), 0
    if kind == "diary":
        columns = parse_columns(check, data.get("columns"), _child(root, "columns"), "diary",
                           check.line("columns"))  # fmt: skip
        rows = bounded_int(check, data, "rows", "diary", check.line("rows"), 1, MAX_ROWS)
    links: list[str] = []
    wording, wording_prose = _wording(check, data, root, kind, sources, links)
    intro = data.get("intro")
    rendered_intro = None
    if not isinstance(intro, str) or not intro.strip():
        check.error("intro", "intro: required text")
    else:
        rendered_intro = _render(check, "intro", intro, check.line("intro"), sources)
        links.extend(rendered_intro.links if rendered_intro else ())
    if any(p.severity == "error" for p in check.problems) or rendered_intro is None:
        return None, check.problems
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
        rows=rows, sources=sources, prose=prose,
        links=tuple(link for link in links if link.startswith("/")),
    )  # fmt: skip
    return tool, check.problems


def load(content_dir: Path | None = None, log: bool = True) -> Tools:
    """Every valid tool; bad files are left out and their problems kept and logged."""
    directory = Path(content_dir or settings.MESOGUIDE_CONTENT_DIR) / "tools"
    definitions, problems = {}, []
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        try:
            if path.is_symlink() and not path.resolve().is_relative_to(directory.resolve()):
                problems.append(ContentProblem(path, 1, "points outside the content folder"))
                continue
            # The tools are English; the first request may be a Spanish page's, so its
            # language must not leak into their drawings and labels.
            with translation.override("en"):
                tool, found = parse_tool(path)
        except OSError as exc:
            problems.append(ContentProblem(path, 1, f"could not read the file: {exc.strerror}"))
            continue
        problems.extend(found)
        if tool:
            definitions[tool.slug] = tool
    for problem in problems if log else ():
        (logger.error if problem.severity == "error" else logger.warning)("%s", problem)
    return Tools(MappingProxyType(definitions), tuple(problems))


def tool_paths(content_dir: Path) -> set[str]:
    """The URL of every tool file present, valid or not (for checking links to them)."""
    directory = Path(content_dir) / "tools"
    found = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    return {f"{URL_PREFIX}{p.stem}/" for p in found}


def grade_lines(found: Tools, content_dir: Path) -> list[str]:
    """One `checkcontent --grades` line per tool."""
    root = Path(content_dir)
    return [
        f"{Path(root.name) / t.path.relative_to(root)}: grade {t.grade:.1f}, "
        f"{len(t.fields)} fields, {len(t.sources)} sources"
        for t in found.definitions.values()
    ]


def link_problems(found: Tools, registry, content_dir: Path) -> list[ContentProblem]:
    """A link in a tool's text to a site page that does not exist (run by checkcontent)."""
    checklist_dir = Path(content_dir) / "checklists"
    known = static_paths() | set(registry.documents) | tool_paths(content_dir)
    known |= {f"/checklists/{p.stem}/" for p in checklist_dir.glob("*.yaml")}
    known |= {f"{t.url}blank/" for t in found.definitions.values() if t.kind == "record"}
    return [
        ContentProblem(tool.path, 1, f"link to {target}: no such page")
        for tool in found.definitions.values()
        for target in (link.partition("#")[0] for link in tool.links)
        if target not in known
    ]


_tools = ReloadingCache(load)


def get_tools() -> Tools:
    """The tools for this process (loaded once; reloaded on change only in DEBUG)."""
    return _tools.get()
