"""The checklist kind: content/checklists/*.yaml, questions with levelled answers."""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml
from django.utils.translation import pgettext_lazy

from . import fields, languages, published, readability, translations
from . import sources as source_rules
from .documents import Parsed, _render
from .links import local_links
from .problems import FileProblems, Problems
from .sources import Source
from .urls import url_for
from .yaml_reader import child, item_lines, key_lines, load_mapping, node_line, read_text

LEVELS = ("stop", "check", "ok")  # most serious first
# Lazy, so each checklist page shows the default labels in its own language.
DEFAULT_LEVEL_LABELS = {
    "stop": pgettext_lazy("checklist level", "Stop"),
    "check": pgettext_lazy("checklist level", "Check first"),
    "ok": pgettext_lazy("checklist level", "Looks fine"),
}
TOP_KEYS = frozenset(
    {
        "title", "summary", "intro", "reviewed", "next_review", "related", "level_labels",
        "verdicts", "questions", "sources",
    }
) | translations.KEYS  # fmt: skip
# Keys a reader never sees: a change to them does not make a translation out of date.
NOT_READ = frozenset({"reviewed", "next_review"}) | translations.KEYS
QUESTION_KEYS = frozenset({"id", "question", "hint", "ask", "choices"})
CHOICE_KEYS = frozenset({"value", "label", "level", "advice"})
ID_RE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
VALUE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_QUESTIONS, MAX_QUESTIONS = 1, 30
ADVISED_QUESTIONS = range(8, 16)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    level: str
    advice: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    hint: str
    choices: tuple[Choice, ...]
    ask: str = ""

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Checklist:
    slug: str
    path: Path
    title: str
    summary: str
    intro_html: str
    reviewed: datetime.date
    next_review: datetime.date
    related: tuple[str, ...]
    level_labels: Mapping[str, str]
    verdicts: Mapping[str, str]
    questions: tuple[Question, ...]
    sources: tuple[Source, ...] = ()
    prose: str = ""  # every question, hint and piece of advice, for the reading grade
    key_lines: Mapping[str, int] = field(default_factory=dict)
    language: str = languages.DEFAULT
    translation: translations.TranslationOf | None = None
    body_hash: str = ""  # of what readers see: a translation records the version it follows
    kind = "checklist"

    @cached_property
    def url(self) -> str:
        return url_for(self.kind, self.slug, self.language)

    @cached_property
    def reading_ease(self) -> float:
        return readability.ease_of_text(self.prose)

    @cached_property
    def grade(self) -> float:
        return readability.grade_of_text(self.prose)

    @property
    def review_overdue(self) -> bool:
        return self.next_review < datetime.date.today()

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!", ":")) else text + "."


def _choice(check: Problems, item, node, where: str, seen: set) -> Choice | None:
    line = node_line(node)
    if not isinstance(item, dict):
        check.error("choices", f"{where}: must have value, label, level and advice", line)
        return None
    lines = key_lines(node)
    fields.unknown_keys(check, item, CHOICE_KEYS, where=where, lines=lines, line=line)
    value = item.get("value")
    if not isinstance(value, str) or not VALUE_RE.match(value):
        shown = str(value)[:40] if value is not None else None
        message = f'{where}: value {shown!r} must be a quoted code such as "not-sure"'
        check.error("value", message, lines.get("value", line))
        return None
    if value in seen:
        check.error("value", f"{where}: value {value!r} is used twice", lines["value"])
    seen.add(value)
    level = item.get("level")
    if level not in LEVELS:
        message = (
            f"{where}: level {str(level)[:40]!r} must be one of stop, check, ok"
            if level is not None
            else f"{where}: level is required (stop, check or ok)"
        )
        check.error("level", message, lines.get("level", line))
        return None
    label = fields.text(check, item, "label", where=where, line=lines.get("label", line))
    advice = fields.text(check, item, "advice", where=where, line=lines.get("advice", line))
    return Choice(value, label, level, advice)


def _choices(check: Problems, data: dict, node, where: str) -> tuple[Choice, ...]:
    raw, items = data.get("choices"), child(node, "choices")
    line = node_line(items) if items is not None else node_line(node)
    if not isinstance(raw, list) or len(raw) < 2 or not isinstance(items, yaml.SequenceNode):
        check.error("choices", f"{where}: choices must list two or more answers", line)
        return ()
    seen: set = set()
    found = (
        _choice(check, item, item_node, f"{where}, choice {index}", seen)
        for index, (item, item_node) in enumerate(zip(raw, items.value, strict=True), start=1)
    )
    return tuple(choice for choice in found if choice)


def _question(check: Problems, raw, node, index: int, seen_ids: set) -> Question | None:
    line, where = node_line(node), f"question {index}"
    if not isinstance(raw, dict):
        check.error("questions", f"{where}: must have id, question, hint and choices", line)
        return None
    lines = key_lines(node)
    fields.unknown_keys(check, raw, QUESTION_KEYS, where=where, lines=lines, line=line)
    question_id = raw.get("id")
    if not isinstance(question_id, str) or not ID_RE.match(question_id):
        shown = str(question_id)[:40] if question_id is not None else None
        message = f"{where}: id {shown!r} must be lower-case letters and hyphens"
        check.error("id", message, lines.get("id", line))
        return None
    where = f"question {index} ({question_id})"
    if question_id in seen_ids:
        check.error("id", f"{where}: id is used twice", lines["id"])
    seen_ids.add(question_id)
    text = fields.text(check, raw, "question", where=where, line=lines.get("question", line))
    hint = fields.text(check, raw, "hint", where=where, line=lines.get("hint", line))
    ask = fields.text(check, raw, "ask", required=False, where=where, line=lines.get("ask", line))
    choices = _choices(check, raw, node, where)
    return Question(question_id, text, hint, choices, ask) if text and hint and choices else None


def _questions(check: Problems, data: dict, root) -> tuple[Question, ...]:
    raw, nodes = data.get("questions"), child(root, "questions")
    if not isinstance(raw, list) or not isinstance(nodes, yaml.SequenceNode):
        check.error("questions", "questions: required, a list of questions")
        return ()
    if not MIN_QUESTIONS <= len(raw) <= MAX_QUESTIONS:
        given = len(raw)
        check.error("questions", f"questions: {given} given; allowed 1 to {MAX_QUESTIONS}")
    elif len(raw) not in ADVISED_QUESTIONS:
        check.warning("questions", f"questions: {len(raw)} given; aim for 8 to 15")
    seen_ids: set = set()
    found = (
        _question(check, item, node, index, seen_ids)
        for index, (item, node) in enumerate(zip(raw, nodes.value, strict=True), start=1)
    )
    return tuple(question for question in found if question)


def _prose(intro_prose: str, questions) -> str:
    # The reader reads every question, hint and piece of advice: grade them like an article.
    return "\n".join(
        intro_prose.splitlines()
        + [_sentence(text) for q in questions for text in (q.question, q.hint, q.ask)]
        + [_sentence(c.advice) for q in questions for c in q.choices]
    )


def _intro_line(root) -> int:
    node = child(root, "intro")
    if node is None:
        return 1
    # A `|` block's text starts on the line after `intro: |`.
    return node_line(node) + (1 if getattr(node, "style", None) in ("|", ">") else 0)


def parse_checklist(path: Path, language: str = languages.DEFAULT) -> Parsed:
    """Parse and validate one checklist file."""
    try:
        text, warnings = read_text(path)
        data, lines, root = load_mapping(path, text)
    except FileProblems as exc:
        return Parsed(None, tuple(exc.problems))
    check = Problems(path, lines)
    check.problems.extend(warnings)
    fields.file_name(check, path.stem)
    fields.unknown_keys(check, data, TOP_KEYS)
    translation = translations.parse(check, data, language)
    title = fields.text(check, data, "title", 70)
    summary = fields.text(check, data, "summary", 160)
    intro = fields.markdown_text(check, data, "intro")
    reviewed, next_review = fields.review_dates(check, data, short=True)
    related = fields.slugs(check, data, "related")
    labels = DEFAULT_LEVEL_LABELS | fields.labels(check, data, "level_labels", LEVELS, False)
    verdicts = fields.labels(check, data, "verdicts", LEVELS, required=True)
    found_sources = source_rules.sources(check, data, item_lines(root, "sources"))
    questions = _questions(check, data, root)
    intro_line = _intro_line(root)
    rendered = _render(check, intro, intro_line, "intro")
    if rendered is None:
        return Parsed(None, tuple(check.problems))
    for found in rendered.unsafe:
        check.error("intro", f"intro: unsafe or unsupported HTML removed: {found}")
    if check.has_errors:
        return Parsed(None, tuple(check.problems))
    checklist = Checklist(
        slug=path.stem, path=path, title=title, summary=summary, intro_html=rendered.html,
        reviewed=reviewed, next_review=next_review, related=related,
        level_labels=labels, verdicts=verdicts,
        questions=questions, sources=found_sources, prose=_prose(rendered.prose, questions),
        key_lines=lines, language=language, translation=translation,
        body_hash=published.data_hash({k: v for k, v in data.items() if k not in NOT_READ}),
    )  # fmt: skip
    links = local_links(path, intro, intro_line, rendered.links)
    return Parsed(checklist, tuple(check.problems), tuple(links))
