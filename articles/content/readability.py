"""Reading-grade measurement of a page's prose (Flesch-Kincaid grade, via textstat)."""

import threading
from html.parser import HTMLParser

import textstat

from .problems import ContentProblem

MAX_GRADE = 8.0
# INFLESZ (Szigriszt-Pazos), the Spanish reading-ease scale: 55-65 "normal", above 65 easy.
MIN_EASE = 55.0
AIM_EASE = 65.0
MIN_GRADED_WORDS = 60

# Prose is what a reader reads as sentences; headings, tables, code and the source
# list are not, and would distort the grade.
_SKIPPED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "table", "pre", "code", "nav"})
_BLOCKS = frozenset({"p", "li", "dd", "dt", "blockquote", "div", "section"})
_SKIPPED_CLASSES = frozenset({"sources", "visually-hidden", "source-ref", "toc"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})
_SENTENCE_END = (".", "!", "?", ":", ";")
_TEXTSTAT_LANGUAGE = threading.Lock()  # textstat's language is process-wide state


class ProseExtractor(HTMLParser):
    """Collects prose blocks while parsing; subclasses may look at tags too."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            # A list item without a full stop still ends a sentence for the reader.
            self.blocks.append(text if text.endswith(_SENTENCE_END) else text + ".")
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.skip_depth:
            self.skip_depth += 1
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag in _SKIPPED or _SKIPPED_CLASSES.intersection(classes):
            self.skip_depth = 1
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if self.skip_depth:
            self.skip_depth -= 1
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.skip_depth:
            self.current.append(data)

    @property
    def prose(self) -> str:
        """The prose read so far: one sentence-ended block a line (call after close())."""
        self._flush()
        return "\n".join(self.blocks)


def prose_text(html: str) -> str:
    """The page's prose: paragraphs and list items, one sentence-ended block a line."""
    parser = ProseExtractor()
    parser.feed(html)
    parser.close()
    return parser.prose


def grade_of_text(text: str) -> float:
    """Flesch-Kincaid grade of prose text (0.0 when there is none)."""
    if not text.strip():
        return 0.0
    with _TEXTSTAT_LANGUAGE:
        return round(float(textstat.flesch_kincaid_grade(text)), 1)


def ease_of_text(text: str) -> float:
    """INFLESZ (Szigriszt-Pazos) reading ease of Spanish prose (100.0 when there is none)."""
    if not text.strip():
        return 100.0
    # textstat keeps one language for the whole process: set it for this call only.
    with _TEXTSTAT_LANGUAGE:
        textstat.set_lang("es")
        try:
            return round(float(textstat.szigriszt_pazos(text)), 1)
        finally:
            textstat.set_lang("en_US")


def reading_grade(html: str) -> float:
    """Flesch-Kincaid grade of the prose in an HTML fragment."""
    return grade_of_text(prose_text(html))


def grade_problem(path, line: int, prose: str, grade: float) -> ContentProblem | None:
    """An error when a page's prose reads above grade 8 (checkcontent runs this)."""
    # A grade from a handful of words is noise (one long word scores like a thesis).
    if grade > MAX_GRADE and len(prose.split()) >= MIN_GRADED_WORDS:
        return ContentProblem(
            path, line,
            f"reading grade {grade} is above {MAX_GRADE:g}: "
            "use shorter sentences and plainer words",
        )  # fmt: skip
    return None


def score_problem(item, line: int) -> ContentProblem | None:
    """The reading check for any page or checklist: FK grade in English, INFLESZ in Spanish."""
    if getattr(item, "language", "en") != "es":
        return grade_problem(item.path, line, item.prose, item.grade)
    ease = item.reading_ease
    if ease < MIN_EASE and len(item.prose.split()) >= MIN_GRADED_WORDS:
        return ContentProblem(
            item.path, line,
            f"reading ease (INFLESZ) {ease} is below {MIN_EASE:g} (aim {AIM_EASE:g}): "
            "use shorter sentences and plainer words",
        )  # fmt: skip
    return None
