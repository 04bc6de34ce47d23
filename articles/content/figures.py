"""The site's figures: original SVG drawings in static/figures/, placed with `/// figure | name`.

A drawing's <title> is its short text equivalent (the name screen readers give the image and the
caption's title) and its <desc> the longer description printed under it, so the words a screen
reader reads live in the same file as the picture and cannot drift apart from it.

Drawings are inlined in the page rather than linked: every page keeps to five requests, and a
drawing is about 1 KB compressed. Their ids are prefixed with the figure's name so two drawings
on one page never share one.

Each edition has its own drawings: static/figures/<code>/<name>.svg has the same picture with
its words (title, desc and every visible label) in that language. A page gets the drawings of
the language active while it is parsed; a drawing not yet translated shows in English, marked
with lang="en" so a screen reader reads it in the right voice.
"""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import languages

FIGURE_DIR = Path(__file__).resolve().parents[2] / "static" / "figures"
_SVG = "{http://www.w3.org/2000/svg}"
# Markdown leaves this paragraph where the block stood; it is swapped for the figure after
# sanitising, so the allow-list never has to admit <img> from an editor's own HTML.
_MARK = "\ue000figure:"
_PLACEHOLDER = re.compile(r"<p>" + _MARK + r"([a-z0-9-]+)\ue000</p>")


@dataclass(frozen=True)
class Figure:
    name: str
    title: str
    description: str
    width: int
    height: int
    svg: str  # the drawing, ready to inline
    language: str = languages.DEFAULT  # the language its words are in


def figures(language: str | None = None) -> dict[str, Figure]:
    """Every drawing, by name (the file name without .svg), in a language (default: the
    active one); an untranslated drawing is the English one."""
    # The directory is part of the key, so a test pointing FIGURE_DIR elsewhere reads afresh.
    return _figures_in(FIGURE_DIR, _code(language or translation.get_language()))


def _code(language: str | None) -> str:
    """The bare language code (es for es-mx or es_MX); English when none is active."""
    return (language or languages.DEFAULT).lower().replace("_", "-").partition("-")[0]


@cache
def _figures_in(directory: Path, language: str) -> dict[str, Figure]:
    found = _read(directory, languages.DEFAULT)
    if language in languages.TRANSLATED:
        translated = _read(directory / language, language)
        # Only drawings that exist in English: every edition places the same names.
        found.update({name: translated[name] for name in found.keys() & translated.keys()})
    return found


def _read(directory: Path, language: str) -> dict[str, Figure]:
    found = {}
    for path in sorted(directory.glob("*.svg")):
        # Our own committed drawings, not outside input: no entity tricks to guard against.
        root = etree.parse(path).getroot()  # noqa: S314
        _, _, width, height = (float(n) for n in root.get("viewBox", "0 0 0 0").split())
        title = " ".join((root.findtext(f"{_SVG}title") or "").split())
        description = " ".join((root.findtext(f"{_SVG}desc") or "").split())
        svg = _inline(path.stem, path.read_text(encoding="utf-8"))
        found[path.stem] = Figure(
            path.stem, title, description, int(width), int(height), svg, language
        )
    return found


def _inline(name: str, text: str) -> str:
    """The SVG with every id made unique to this figure, named by its title alone."""
    text = re.sub(r"<\?xml[^>]*>\s*", "", text).strip()
    ids = re.findall(r'\bid="([^"]+)"', text)
    for old in ids:
        text = re.sub(rf'\bid="{re.escape(old)}"', f'id="{name}-{old}"', text)
        text = text.replace(f"url(#{old})", f"url(#{name}-{old})")
        text = text.replace(f'href="#{old}"', f'href="#{name}-{old}"')
    # The caption under the drawing shows the description, so the image is named by its title.
    return re.sub(r'aria-labelledby="[^"]*"', f'aria-labelledby="{name}-t"', text, count=1)


def placeholder(name: str) -> str:
    return f"{_MARK}{name}\ue000"


def figure_html(figure: Figure) -> str:
    # An English drawing on a page of another language (not yet translated) says so.
    foreign = figure.language != _code(translation.get_language())
    lang = format_html(' lang="{}"', figure.language) if foreign else ""
    return format_html(
        '<figure class="figure" id="figure-{0}"{1}><div class="figure__panel">{2}</div>'
        # The visible title repeats the drawing's name, so screen readers skip it.
        '<figcaption><span class="figure__title" aria-hidden="true">{3}.</span> {4}'
        "</figcaption></figure>",
        # The drawing is our own committed file (checked by tests/test_figures.py), not input.
        figure.name, lang, mark_safe(figure.svg), figure.title,  # noqa: S308
        figure.description,
    )  # fmt: skip


def place(html: str) -> str:
    """Swap each figure placeholder in sanitised HTML for the figure itself."""
    known = figures()
    return _PLACEHOLDER.sub(
        lambda m: figure_html(known[m.group(1)]) if m.group(1) in known else "", html
    )


def without_placeholders(text: str) -> str:
    """Text with the placeholders' own words removed (for the reading grade and search)."""
    return re.sub(_MARK + r"[a-z0-9-]+\ue000\.?", "", text)


def line_of(body: str, name: str, body_line: int) -> int:
    """The line of the `/// figure | name` block in a page body, for error messages."""
    for offset, line in enumerate(body.splitlines()):
        if re.match(rf"^\s*///\s*figure\s*\|\s*{re.escape(name)}\s*$", line):
            return body_line + offset
    return body_line
