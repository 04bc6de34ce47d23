"""Load and validate the checklists in content/checklists/*.yaml into frozen definitions."""

import datetime
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import yaml
from django.conf import settings

from articles import readability, rendering
from articles.content import (
    SLUG_RE,
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
)

logger = logging.getLogger("mesoguide.content")

LEVELS = ("stop", "check", "ok")  # most serious first
DEFAULT_LEVEL_LABELS = {"stop": "Stop", "check": "Check first", "ok": "Looks fine"}
TOP_KEYS = {
    "title", "summary", "intro", "reviewed", "next_review", "related", "level_labels",
    "verdicts", "questions", "sources",
}  # fmt: skip
QUESTION_KEYS = {"id", "question", "hint", "ask", "choices"}
CHOICE_KEYS = {"value", "label", "level", "advice"}
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

    @property
    def url(self) -> str:
        return f"/checklists/{self.slug}/"

    @cached_property
    def grade(self) -> float:
        return readability.grade_of_text(self.prose)

    @property
    def review_overdue(self) -> bool:
        return self.next_review < datetime.date.today()

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Checklists:
    definitions: Mapping[str, Checklist]
    problems: tuple[ContentProblem, ...]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!", ":")) else text + "."


def _node_line(node, first_line: int = 1) -> int:
    return first_line + node.start_mark.line


def _key_lines(node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): _node_line(k) for k, _ in node.value}


def _child(node, key):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def _plain(check: FieldChecker, data: dict, key: str, where: str, line: int, required=True) -> str:
    value = data.get(key)
    if value is None:
        if required:
            check.error(key, f"{where}: {key} is required", line)
        return ""
    if not isinstance(value, str) or not value.strip():
        check.error(key, f"{where}: {key} must be text (put it in double quotes)", line)
        return ""
    return " ".join(value.split())


def _choices(check, question_data, question_node, where) -> tuple[Choice, ...]:
    raw = question_data.get("choices")
    node = _child(question_node, "choices")
    line = _node_line(node) if node is not None else _node_line(question_node)
    if not isinstance(raw, list) or len(raw) < 2:
        check.error("choices", f"{where}: choices must list two or more answers", line)
        return ()
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(raw)
    choices, seen = [], set()
    for index, (item, item_node) in enumerate(zip(raw, nodes, strict=False), start=1):
        here = f"{where}, choice {index}"
        item_line = _node_line(item_node)
        if not isinstance(item, dict):
            check.error("choices", f"{here}: must have value, label, level and advice", item_line)
            continue
        lines = _key_lines(item_node)
        check.unknown_keys(item, CHOICE_KEYS, where=here, lines=lines, line=item_line)
        value = item.get("value")
        if not isinstance(value, str) or not VALUE_RE.match(value):
            check.error(
                "value",
                f'{here}: value {value!r} must be a quoted code such as "not-sure"',
                lines.get("value", item_line),
            )
            continue
        if value in seen:
            check.error("value", f"{here}: value {value!r} is used twice", lines["value"])
        seen.add(value)
        level = item.get("level")
        if level not in LEVELS:
            check.error(
                "level",
                f"{here}: level {level!r} must be one of stop, check, ok"
                if level is not None
                else f"{here}: level is required (stop, check or ok)",
                lines.get("level", item_line),
            )
            continue
        label = _plain(check, item, "label", here, lines.get("label", item_line))
        advice = _plain(check, item, "advice", here, lines.get("advice", item_line))
        choices.append(Choice(value, label, level, advice))
    return tuple(choices)


def parse_checklist(path: Path) -> tuple[Checklist | None, list[ContentProblem]]:
    """Parse and validate one checklist file."""
    try:
        text = read_text(path)
        data, key_lines, root = load_yaml_mapping(path, text)
    except FileProblems as exc:
        return None, exc.problems
    check = FieldChecker(path, key_lines, default_line=1)
    slug = path.stem
    check.file_name(slug)
    check.unknown_keys(data, TOP_KEYS)
    title = parse_text(check, data, "title", 70)
    summary = parse_text(check, data, "summary", 160)
    intro = data.get("intro")
    if not isinstance(intro, str) or not intro.strip():
        check.error("intro", "intro: required text")
        intro = ""
    reviewed = parse_date(check, data, "reviewed")
    next_review = parse_date(check, data, "next_review")
    if reviewed and next_review and next_review <= reviewed:
        check.error("next_review", "next_review: must be after reviewed")
    related = data.get("related", [])
    if not isinstance(related, list) or not all(
        isinstance(s, str) and SLUG_RE.match(s) for s in related
    ):
        check.error("related", "related: must be a list of article slugs")
        related = []

    labels = dict(DEFAULT_LEVEL_LABELS)
    raw_labels = data.get("level_labels", {})
    if not isinstance(raw_labels, dict) or set(raw_labels) - set(LEVELS):
        check.error("level_labels", "level_labels: only stop, check and ok may be given")
    else:
        for level, label in raw_labels.items():
            if isinstance(label, str) and label.strip():
                labels[level] = label.strip()
            else:
                check.error("level_labels", f"level_labels: {level} must be text")
    verdicts = data.get("verdicts")
    if not isinstance(verdicts, dict) or set(verdicts) != set(LEVELS):
        check.error("verdicts", "verdicts: give a heading for each of stop, check and ok")
        verdicts = {}
    elif not all(isinstance(v, str) and v.strip() for v in verdicts.values()):
        check.error("verdicts", "verdicts: each heading must be text")
        verdicts = {}

    sources = parse_sources(check, data, source_item_lines(text, 1))
    questions = []
    raw_questions = data.get("questions")
    questions_node = _child(root, "questions")
    if not isinstance(raw_questions, list) or not isinstance(questions_node, yaml.SequenceNode):
        check.error("questions", "questions: required, a list of questions")
        raw_questions = []
    elif not MIN_QUESTIONS <= len(raw_questions) <= MAX_QUESTIONS:
        check.error("questions", f"questions: {len(raw_questions)} given; allowed 1 to 30")
    elif len(raw_questions) not in ADVISED_QUESTIONS:
        check.warning("questions", f"questions: {len(raw_questions)} given; aim for 8 to 15")
    seen_ids = set()
    for index, raw in enumerate(raw_questions, start=1):
        node = questions_node.value[index - 1]
        line = _node_line(node)
        where = f"question {index}"
        if not isinstance(raw, dict):
            check.error("questions", f"{where}: must have id, question, hint and choices", line)
            continue
        lines = _key_lines(node)
        check.unknown_keys(raw, QUESTION_KEYS, where=where, lines=lines, line=line)
        question_id = raw.get("id")
        if not isinstance(question_id, str) or not ID_RE.match(question_id):
            check.error(
                "id", f"{where}: id {question_id!r} must be lower-case letters and hyphens",
                lines.get("id", line),
            )  # fmt: skip
            continue
        where = f"question {index} ({question_id})"
        if question_id in seen_ids:
            check.error("id", f"{where}: id is used twice", lines["id"])
        seen_ids.add(question_id)
        text = _plain(check, raw, "question", where, lines.get("question", line))
        hint = _plain(check, raw, "hint", where, lines.get("hint", line))
        ask = _plain(check, raw, "ask", where, lines.get("ask", line), required=False)
        choices = _choices(check, raw, node, where)
        if text and hint and choices:
            questions.append(Question(question_id, text, hint, choices, ask))

    try:
        rendered_intro = rendering.render(intro)
        intro_html = rendered_intro.html
        for found in rendered_intro.unsafe:
            check.error("intro", f"intro: unsafe or unsupported HTML removed: {found}")
    except RecursionError:
        check.error("intro", "intro: nested too deeply to render")
        return None, check.problems
    except rendering.TooComplex as exc:
        check.error("intro", f"intro: {exc}")
        return None, check.problems
    # The reader reads every question, hint and piece of advice: grade them like an article.
    prose = "\n".join(
        rendered_intro.prose.splitlines()
        + [_sentence(text) for q in questions for text in (q.question, q.hint, q.ask)]
        + [_sentence(c.advice) for q in questions for c in q.choices]
    )
    if any(p.severity == "error" for p in check.problems):
        return None, check.problems
    checklist = Checklist(
        slug=slug, path=path, title=title, summary=summary, intro_html=intro_html,
        reviewed=reviewed, next_review=next_review, related=tuple(related),
        level_labels=MappingProxyType(labels),
        verdicts=MappingProxyType({k: " ".join(v.split()) for k, v in verdicts.items()}),
        questions=tuple(questions), sources=sources, prose=prose,
    )  # fmt: skip
    return checklist, check.problems


def load(content_dir: Path | None = None, log: bool = True) -> Checklists:
    """Every valid checklist; bad files are left out and their problems kept and logged."""
    directory = Path(content_dir or settings.MESOGUIDE_CONTENT_DIR) / "checklists"
    definitions, problems = {}, []
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        try:
            if path.is_symlink() and not path.resolve().is_relative_to(directory.resolve()):
                problems.append(ContentProblem(path, 1, "points outside the content folder"))
                continue
            checklist, found = parse_checklist(path)
        except OSError as exc:
            problems.append(ContentProblem(path, 1, f"could not read the file: {exc.strerror}"))
            continue
        problems.extend(found)
        if checklist:
            definitions[checklist.slug] = checklist
    for problem in problems if log else ():
        (logger.error if problem.severity == "error" else logger.warning)("%s", problem)
    return Checklists(MappingProxyType(definitions), tuple(problems))


_checklists = ReloadingCache(load)


def get_checklists() -> Checklists:
    """The checklists for this process (loaded once; reloaded on change only in DEBUG)."""
    return _checklists.get()
