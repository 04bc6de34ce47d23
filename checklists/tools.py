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

import yaml
from django.conf import settings

from articles import readability, rendering
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
    source_item_lines,
    static_paths,
)

from .definitions import ID_RE, VALUE_RE, _child, _key_lines, _node_line, _plain, _sentence

logger = logging.getLogger("mesoguide.content")

URL_PREFIX = "/after-treatment/"
KINDS = ("letter", "record", "diary")
TOP_KEYS = {
    "title", "summary", "intro", "reviewed", "next_review", "kind", "submit", "fields",
    "wording", "columns", "rows", "sources",
}  # fmt: skip
FIELD_KEYS = {"id", "label", "hint", "type", "max_length", "required", "choices", "columns", "rows"}
COLUMN_KEYS = {"id", "label", "max_length"}
FIELD_TYPES = ("text", "textarea", "date", "choice", "choices", "table")
# The wording each kind prints: "text" is one plain line, "markdown" a rendered block, and
# "clinical" a rendered block written for a clinician (sourced, but not held to grade 8).
WORDING = {
    "letter": {"heading": "text", "opening": "markdown", "facts_heading": "text",
               "evidence_heading": "text", "evidence": "clinical", "closing": "markdown",
               "reader_note": "markdown"},
    "record": {"heading": "text", "note": "markdown"},
    "diary": {"heading": "text", "note": "markdown", "photo_tips": "markdown"},
}  # fmt: skip
MAX_TEXT_LENGTH = 2000  # the longest answer any field may accept
MAX_FIELDS, MAX_ROWS, MAX_COLUMNS = 30, 31, 8


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    max_length: int = 0


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str
    hint: str = ""
    max_length: int = 0
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    columns: tuple[Column, ...] = ()
    rows: int = 0

    def choice_label(self, value: str) -> str:
        return next((label for v, label in self.choices if v == value), "")


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


def _bounded_int(check, data, key, where, line, low, high, required=True) -> int:
    value = data.get(key)
    if value is None and not required:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        check.error(key, f"{where}: {key} must be a whole number from {low} to {high}", line)
        return 0
    return value


def _columns(check, raw, node, where, line) -> tuple[Column, ...]:
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_COLUMNS:
        check.error("columns", f"{where}: columns must list 1 to {MAX_COLUMNS} columns", line)
        return ()
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(raw)
    columns, seen = [], set()
    for index, (item, item_node) in enumerate(zip(raw, nodes, strict=False), start=1):
        here, item_line = f"{where}, column {index}", _node_line(item_node)
        if not isinstance(item, dict):
            check.error("columns", f"{here}: must have id, label and max_length", item_line)
            continue
        lines = _key_lines(item_node)
        check.unknown_keys(item, COLUMN_KEYS, where=here, lines=lines, line=item_line)
        column_id = item.get("id")
        if not isinstance(column_id, str) or not ID_RE.match(column_id) or column_id in seen:
            check.error("id", f"{here}: id {column_id!r} must be new, lower-case letters and "
                              "hyphens", lines.get("id", item_line))  # fmt: skip
            continue
        seen.add(column_id)
        label = _plain(check, item, "label", here, lines.get("label", item_line))
        length = _bounded_int(check, item, "max_length", here, lines.get("max_length", item_line),
                              1, MAX_TEXT_LENGTH, required=False)  # fmt: skip
        columns.append(Column(column_id, label, length))
    return tuple(columns)


def _choices(check, raw, node, where, line) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        check.error("choices", f"{where}: choices must list two or more answers", line)
        return ()
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(raw)
    choices = []
    for index, (item, item_node) in enumerate(zip(raw, nodes, strict=False), start=1):
        here, item_line = f"{where}, choice {index}", _node_line(item_node)
        lines = _key_lines(item_node)
        if not isinstance(item, dict):
            check.error("choices", f"{here}: must have value and label", item_line)
            continue
        check.unknown_keys(item, {"value", "label"}, where=here, lines=lines, line=item_line)
        value = item.get("value")
        if not isinstance(value, str) or not VALUE_RE.match(value):
            check.error("value", f'{here}: value {value!r} must be a quoted code such as '
                                 '"dont-know"', lines.get("value", item_line))  # fmt: skip
            continue
        if value in {v for v, _ in choices}:
            check.error("value", f"{here}: value {value!r} is used twice", lines["value"])
        label = _plain(check, item, "label", here, lines.get("label", item_line))
        choices.append((value, label))
    return tuple(choices)


def _field(check, raw, node, index) -> Field | None:
    line, where = _node_line(node), f"field {index}"
    if not isinstance(raw, dict):
        check.error("fields", f"{where}: must have id, label and type", line)
        return None
    lines = _key_lines(node)
    check.unknown_keys(raw, FIELD_KEYS, where=where, lines=lines, line=line)
    field_id = raw.get("id")
    if not isinstance(field_id, str) or not ID_RE.match(field_id):
        check.error("id", f"{where}: id {field_id!r} must be lower-case letters and hyphens",
                    lines.get("id", line))  # fmt: skip
        return None
    where = f"field {index} ({field_id})"
    kind = raw.get("type")
    if kind not in FIELD_TYPES:
        check.error("type", f"{where}: type {kind!r} must be one of {', '.join(FIELD_TYPES)}",
                    lines.get("type", line))  # fmt: skip
        return None
    label = _plain(check, raw, "label", where, lines.get("label", line))
    hint = _plain(check, raw, "hint", where, lines.get("hint", line), required=False)
    required = raw.get("required", False)
    if not isinstance(required, bool):
        check.error("required", f"{where}: required must be true or false", lines["required"])
    needs_length = kind in ("text", "textarea")
    max_length = _bounded_int(check, raw, "max_length", where, lines.get("max_length", line),
                              1, MAX_TEXT_LENGTH, required=needs_length)  # fmt: skip
    choices, columns, rows = (), (), 0
    if kind in ("choice", "choices"):
        choices = _choices(check, raw.get("choices"), _child(node, "choices"), where,
                           lines.get("choices", line))  # fmt: skip
    if kind == "table":
        columns = _columns(check, raw.get("columns"), _child(node, "columns"), where,
                           lines.get("columns", line))  # fmt: skip
        rows = _bounded_int(check, raw, "rows", where, lines.get("rows", line), 1, MAX_ROWS)
        if any(not c.max_length for c in columns):
            check.error("columns", f"{where}: every column needs a max_length", line)
    return Field(field_id, label, kind, hint, max_length, required is True, choices,
                 columns, rows)  # fmt: skip


def _fields(check, data, root) -> tuple[Field, ...]:
    raw, node = data.get("fields", []), _child(root, "fields")
    if not isinstance(raw, list) or (raw and not isinstance(node, yaml.SequenceNode)):
        check.error("fields", "fields: must be a list of fields")
        return ()
    if len(raw) > MAX_FIELDS:
        check.error("fields", f"fields: {len(raw)} given; the limit is {MAX_FIELDS}")
        return ()
    fields = [_field(check, item, node.value[i], i + 1) for i, item in enumerate(raw)]
    seen = set()
    for field in filter(None, fields):
        if field.id in seen:
            check.error("fields", f"fields: id {field.id!r} is used twice")
        seen.add(field.id)
    return tuple(filter(None, fields))


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
    fields = _fields(check, data, root)
    if kind in ("letter", "record") and not fields:
        check.error("fields", f"fields: a {kind} needs at least one field")
    columns, rows = (), 0
    if kind == "diary":
        columns = _columns(check, data.get("columns"), _child(root, "columns"), "diary",
                           check.line("columns"))  # fmt: skip
        rows = _bounded_int(check, data, "rows", "diary", check.line("rows"), 1, MAX_ROWS)
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
