"""The site's figures: original SVG drawings in static/figures/, placed with `/// figure | name`.

A drawing's <title> is its short text equivalent (the image's alt text and the caption's title)
and its <desc> the longer description printed under it, so the words a screen reader reads live
in the same file as the picture and cannot drift apart from it.
"""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.templatetags.static import static
from django.utils.html import format_html

FIGURE_DIR = Path(__file__).resolve().parent.parent / "static" / "figures"
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


@cache
def figures() -> dict[str, Figure]:
    """Every drawing in static/figures/, by name (the file name without .svg)."""
    found = {}
    for path in sorted(FIGURE_DIR.glob("*.svg")):
        # Our own committed drawings, not outside input: no entity tricks to guard against.
        root = etree.parse(path).getroot()  # noqa: S314
        _, _, width, height = (float(n) for n in root.get("viewBox", "0 0 0 0").split())
        title = " ".join((root.findtext(f"{_SVG}title") or "").split())
        description = " ".join((root.findtext(f"{_SVG}desc") or "").split())
        found[path.stem] = Figure(path.stem, title, description, int(width), int(height))
    return found


def placeholder(name: str) -> str:
    return f"{_MARK}{name}\ue000"


def _url(name: str) -> str:
    try:
        return static(f"figures/{name}.svg")
    except ValueError:  # a manifest without the file (collectstatic not yet run)
        return f"/static/figures/{name}.svg"


def figure_html(figure: Figure) -> str:
    return format_html(
        '<figure class="figure" id="figure-{0}"><div class="figure__panel">'
        '<img src="{1}" alt="{2}" width="{3}" height="{4}" loading="lazy" decoding="async">'
        # The visible title repeats the alt text, so screen readers skip it.
        '</div><figcaption><span class="figure__title" aria-hidden="true">{2}.</span> {5}'
        "</figcaption></figure>",
        figure.name, _url(figure.name), figure.title, figure.width, figure.height,
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
