"""The one place Markdown is configured, rendered and sanitised (Python-Markdown + nh3)."""

import html as html_lib
import os
import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block
from pymdownx.snippets import SnippetExtension, SnippetMissingError, SnippetPreprocessor

from . import figures
from .readability import ProseExtractor

# Care-card levels, most serious first: (visible label, hidden prefix read by screen readers).
CARE_LEVELS = {
    "emergency": "Emergency",
    "urgent": "Urgent",
    "soon": "Soon",
    "expected": "Expected",
}
CALLOUT_KINDS = {"warning": "Warning", "note": "Note"}

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt", "em",
        "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "section", "small",
        "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "div": {"aria-label"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "td": {"data-label"},
    "th": {"scope"},
}
ALLOWED_CLASSES = {
    "section": {"care-card", *(f"care-card--{level}" for level in CARE_LEVELS)},
    "div": {
        "care-card__content", "callout", "callout__content", "table-scroll",
        *(f"callout--{kind}" for kind in CALLOUT_KINDS),
    },
    "p": {"care-card__label", "callout__title"},
    "h2": {"care-card__heading"},
    "h3": {"care-card__heading"},
    "span": {"visually-hidden"},
    "sup": {"source-ref"},
}  # fmt: skip
ALLOWED_ATTRIBUTE_VALUES = {
    "p": {"aria-hidden": {"true"}},
    "div": {"role": {"region"}, "tabindex": {"0"}},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Tokens an editor writes that are filled in per region or from settings after rendering.
REGION_TOKENS = ("[emergency number]", "[urgent help]", "[emergency department]")
_EMERGENCY_CARD = '<section class="care-card care-card--emergency">'
_CARD_END = re.compile(r"</div>\s*</section>")

# `[^3]` cites a page's third source; `[^fda-fillers]` cites the source with `key: fda-fillers`.
# Shared snippets must cite by key: the same source has a different number on each page.
_SOURCE_REF = r"\[\^(\d{1,3}|[a-z][a-z0-9-]{0,40})\]"
_NUMBERED_REF = re.compile(r"\[\^\d{1,3}\]")
SNIPPET_MAX_BYTES = 64 * 1024

# Python-Markdown matches each "[" (and "<", "`", "*", "_") by scanning ahead through its
# paragraph, so the time grows with the square of their number (Python-Markdown/markdown#798):
# 100,000 "[" take most of an hour, 1,000 a quarter of a second. Real pages use under 200.
MARKUP_LIMITS = {"[": 1000, "<": 500, "`": 1000, "*": 1000, "_": 1000}


class TooComplex(ValueError):
    """Markdown that would take too long to render; the message is worded for the editor."""


class SnippetProblem(ValueError):
    """A `--8<-- "name.md"` include that cannot be used; `name` says which one."""

    def __init__(self, message: str, name: str):
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Rendered:
    """What one Markdown body becomes: safe HTML plus what validation needs to know."""

    html: str
    headings: tuple[Heading, ...]
    links: tuple[str, ...]
    cited_sources: tuple[int, ...]
    unsafe: tuple[str, ...]  # descriptions of markup the sanitiser removed
    prose: str = ""  # the text a reader reads as sentences (for the grade and search)
    unknown_source_keys: tuple[str, ...] = ()  # `[^key]` with no source of that key
    snippets: tuple[str, ...] = ()  # names of the snippets included
    numbered_in_snippets: tuple[tuple[str, int], ...] = ()  # (snippet, line) citing `[^N]`
    figures: tuple[str, ...] = ()  # every `/// figure | name` used, known or not


class _CareCard(Block):
    """`/// emergency | Call ... now if:` -> a care card with a visible label and hidden prefix."""

    ARGUMENT = True
    LEVEL = ""

    def on_create(self, parent):
        label = CARE_LEVELS[self.LEVEL]
        count = self.tracker.setdefault(self.LEVEL, 0) + 1
        self.tracker[self.LEVEL] = count
        card = etree.SubElement(parent, "section", {"class": f"care-card care-card--{self.LEVEL}"})
        # The visible label is for sighted readers; screen readers hear the heading's prefix.
        etree.SubElement(
            card, "p", {"class": "care-card__label", "aria-hidden": "true"}
        ).text = label
        # A card before the first section heading is itself a section of the page.
        level = "h3" if any(child.tag == "h2" for child in parent) else "h2"
        heading_id = f"care-{self.LEVEL}" + (f"-{count}" if count > 1 else "")
        heading = etree.SubElement(card, level, {"class": "care-card__heading", "id": heading_id})
        hidden = etree.SubElement(heading, "span", {"class": "visually-hidden"})
        hidden.text = f"{label}: "
        hidden.tail = self.argument
        return etree.SubElement(card, "div", {"class": "care-card__content"})


class _Callout(Block):
    """`/// warning | Title` -> a callout box that is not a care card."""

    ARGUMENT = None
    KIND = ""

    def on_create(self, parent):
        box = etree.SubElement(parent, "div", {"class": f"callout callout--{self.KIND}"})
        title = etree.SubElement(box, "p", {"class": "callout__title"})
        title.text = self.argument or CALLOUT_KINDS[self.KIND]
        return etree.SubElement(box, "div", {"class": "callout__content"})


class _Figure(Block):
    """`/// figure | recovery-timeline` -> a placeholder that render() swaps for the figure."""

    NAME = "figure"
    ARGUMENT = True

    def on_create(self, parent):
        name = self.argument.strip()
        self.md.mesoguide_figures.append(name)
        mark = etree.SubElement(parent, "p")
        mark.text = figures.placeholder(name) if name in figures.figures() else ""
        return mark


class _MesoguideBlocks(BlocksExtension):
    def extendMarkdownBlocks(self, md, block_mgr):
        block_mgr.register(_Figure, {})
        for level in CARE_LEVELS:
            block_mgr.register(
                type(f"CareCard{level.title()}", (_CareCard,), {"NAME": level, "LEVEL": level}),
                {},
            )
        for kind in CALLOUT_KINDS:
            block_mgr.register(
                type(f"Callout{kind.title()}", (_Callout,), {"NAME": kind, "KIND": kind}), {}
            )


class _SourceRefProcessor(InlineProcessor):
    """`[^3]` -> a superscript link to source 3 in the page's source list."""

    def handleMatch(self, m, data):
        ref = m.group(1)
        number = int(ref) if ref.isdigit() else self.md.mesoguide_source_keys.get(ref)
        if number is None:
            self.md.mesoguide_unknown_keys.append(ref)
            return None, None, None
        self.md.mesoguide_cited.append(number)
        sup = etree.Element("sup", {"class": "source-ref"})
        link = etree.SubElement(sup, "a", {"href": f"#source-{number}"})
        hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
        hidden.text = "source "
        hidden.tail = str(number)
        return sup, m.start(0), m.end(0)


def _wrap_tables(root):
    """Put each table in a labelled, focusable region, and name each cell's column.

    On a phone the CSS stacks each row (a cell's `data-label` shows its column); if a table is
    still too wide it scrolls inside the region, never the page, and never breaks a word.
    """
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            if child.tag != "table":
                continue
            names = ["".join(th.itertext()).strip() for th in child.iter("th")]
            headers = ", ".join(names)
            # On a phone each row stacks as a card; a cell shows its column's name above it.
            for row in child.iter("tr"):
                for cell, name in zip(row.findall("td"), names, strict=False):
                    cell.set("data-label", name)
            wrapper = etree.Element(
                "div",
                {"class": "table-scroll", "role": "region", "tabindex": "0",
                 "aria-label": f"Table: {headers}" if headers else "Table"},
            )  # fmt: skip
            parent.remove(child)
            wrapper.append(child)
            wrapper.tail, child.tail = child.tail, None
            parent.insert(index, wrapper)


class _LinkCollector(Treeprocessor):
    def run(self, root):
        _wrap_tables(root)
        for element in root.iter():
            if element.tag == "a" and element.get("href"):
                self.md.mesoguide_links.append(element.get("href"))
            elif element.tag == "table":
                for cell in element.iter("th"):
                    cell.set("scope", "col")
                # Column alignment arrives as inline style, which the CSP and sanitiser forbid.
                for cell in (*element.iter("th"), *element.iter("td")):
                    cell.attrib.pop("style", None)


class _Snippets(SnippetPreprocessor):
    """pymdownx.snippets, kept inside the snippets folder (no symlinks out, no huge files),
    and noting which snippets were used and any numbered citation inside one."""

    def __init__(self, config, md):
        super().__init__(config, md)
        self.md = md

    def get_snippet_path(self, path):
        found = super().get_snippet_path(path)
        if found is None:
            return None
        base = os.path.realpath(self.base_path[0])
        if not os.path.realpath(found).startswith(base + os.sep):
            raise SnippetProblem(f"snippet {path!r} points outside content/snippets", path)
        if os.path.getsize(found) > SNIPPET_MAX_BYTES:
            raise SnippetProblem(
                f"snippet {path!r} is over the {SNIPPET_MAX_BYTES:,}-byte limit", path
            )
        return found

    def read_lines(self, path):
        name = os.path.basename(path)
        try:
            lines = super().read_lines(path)
        except UnicodeDecodeError as exc:
            raise SnippetProblem(f"snippet {name!r} is not valid UTF-8", name) from exc
        except OSError as exc:
            message = f"snippet {name!r} could not be read: {exc.strerror}"
            raise SnippetProblem(message, name) from exc
        name = os.path.relpath(path, self.base_path[0])
        self.md.mesoguide_snippets.append(name)
        for number, line in enumerate(lines, start=1):
            if _NUMBERED_REF.search(line):
                self.md.mesoguide_numbered_in_snippets.append((name, number))
        return lines


class _MesoguideSnippets(SnippetExtension):
    def extendMarkdown(self, md):
        self.md = md
        md.registerExtension(self)
        md.preprocessors.register(_Snippets(self.getConfigs(), md), "snippet", 32)


class _MesoguideExtension(Extension):
    def extendMarkdown(self, md):
        self.md = md
        self.reset()
        md.inlinePatterns.register(_SourceRefProcessor(_SOURCE_REF, md), "source_ref", 175)
        md.treeprocessors.register(_LinkCollector(md), "mesoguide_links", 1)
        md.registerExtension(self)

    def reset(self):
        self.md.mesoguide_cited = []
        self.md.mesoguide_links = []
        self.md.mesoguide_unknown_keys = []
        self.md.mesoguide_snippets = []
        self.md.mesoguide_numbered_in_snippets = []
        self.md.mesoguide_source_keys = {}
        self.md.mesoguide_figures = []


_local = threading.local()


def _markdown(snippet_dir: str) -> markdown.Markdown:
    """One configured Markdown instance per thread and snippets folder, reset between
    documents (building one costs as much as a short page)."""
    cache = getattr(_local, "md", None)
    if cache is None:
        cache = _local.md = {}
    md = cache.get(snippet_dir)
    if md is None:
        md = cache[snippet_dir] = _new_markdown(snippet_dir)
    return md.reset()


def _new_markdown(snippet_dir: str) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "tables",
            "sane_lists",
            "attr_list",  # `## Heading {#kept-anchor}` keeps a published section link
            "toc",
            # `--8<-- "normal-recovery.md"` includes content/snippets/normal-recovery.md;
            # check_paths makes a missing one an error (reported per file, never a crash).
            _MesoguideSnippets(base_path=[snippet_dir], check_paths=True, url_download=False),
            _MesoguideBlocks(),
            _MesoguideExtension(),
        ],
        extension_configs={"toc": {"toc_depth": "2-3"}},
        output_format="html",
    )


def sanitise(html: str) -> str:
    """Keep only the allow-listed tags, attributes, classes and URL schemes."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={tag: set(classes) for tag, classes in ALLOWED_CLASSES.items()},
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=set(URL_SCHEMES),
        clean_content_tags={"script", "style"},
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


class _UnsafeFinder(ProseExtractor):
    """Lists what the sanitiser would drop, so checkcontent can report it to the editor.

    It reads the prose in the same pass, since parsing HTML in Python is the slow part.
    """

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag not in ALLOWED_TAGS:
            self.found.append(f"<{tag}>")
            return
        for name, value in attrs:
            if name == "class":
                allowed = ALLOWED_CLASSES.get(tag, set())
                extra = [c for c in (value or "").split() if c not in allowed]
                if extra:
                    self.found.append(f'class="{" ".join(extra)}" on <{tag}>')
            elif value in ALLOWED_ATTRIBUTE_VALUES.get(tag, {}).get(name, ()):
                continue
            elif name not in ALLOWED_ATTRIBUTES.get(tag, set()):
                self.found.append(f"{name}= on <{tag}>")
            elif name == "href" and value and _has_unsafe_scheme(value):
                self.found.append(f'href="{value}"')

    def handle_comment(self, data):
        pass  # comments are dropped silently; they are editors' notes, not a danger

    def unknown_decl(self, data):
        # `<![CDATA[...]]>` hides markup from this parser; the sanitiser drops it.
        self.found.append(f"<![{data.split('[', 1)[0]}[>")


def _has_unsafe_scheme(url: str) -> bool:
    compact = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", compact)
    return bool(match) and match.group(1) not in URL_SCHEMES


def _headings(tokens, found=None) -> list[Heading]:
    found = [] if found is None else found
    for token in tokens:
        found.append(Heading(token["level"], token["id"], token["name"]))
        _headings(token["children"], found)
    return found


def render(
    text: str, source_keys: dict[str, int] | None = None, snippet_dir: Path | None = None
) -> Rendered:
    """Render one Markdown body to sanitised HTML (called once per file, at load).

    `source_keys` maps each source's `key` to its number on this page; `snippet_dir` is
    where `--8<--` includes are read from (content/snippets).
    """
    for character, limit in MARKUP_LIMITS.items():
        count = text.count(character)
        if count > limit:
            raise TooComplex(
                f"too many '{character}' characters to render ({count:,}; the limit is {limit:,})"
            )
    md = _markdown(os.path.abspath(snippet_dir or "snippets"))
    md.mesoguide_source_keys = dict(source_keys or {})
    try:
        raw_html = md.convert(text)
    except RecursionError:
        _local.md = None  # a half-converted instance is not to be trusted again
        raise
    except SnippetMissingError as exc:
        _local.md = None
        found = re.search(r"'([^']*)'", str(exc))
        name = found.group(1) if found else ""
        raise SnippetProblem(f"snippet {name!r} not found in content/snippets", name) from exc
    except SnippetProblem:
        _local.md = None
        raise
    # Always checked: Markdown's own syntax also makes what the sanitiser drops, such as
    # `![image](...)` (no <img> is allowed) and `[link](javascript:...)`.
    finder = _UnsafeFinder()
    finder.feed(raw_html)
    finder.close()
    headings = tuple(
        Heading(
            h.level,
            h.id,
            re.sub(r"^(Emergency|Urgent|Soon|Expected): ", "", html_lib.unescape(h.text)),
        )
        for h in _headings(md.toc_tokens)
    )
    used = tuple(md.mesoguide_figures)
    known = figures.figures()
    # A figure's caption is read like the page around it, so it is graded with it.
    captions = [f"{known[n].title}. {known[n].description}" for n in used if n in known]
    return Rendered(
        html=figures.place(sanitise(raw_html)),
        headings=headings,
        links=tuple(md.mesoguide_links),
        cited_sources=tuple(md.mesoguide_cited),
        unsafe=tuple(finder.found),
        prose="\n".join([figures.without_placeholders(finder.prose), *captions]),
        unknown_source_keys=tuple(md.mesoguide_unknown_keys),
        snippets=tuple(md.mesoguide_snippets),
        numbered_in_snippets=tuple(md.mesoguide_numbered_in_snippets),
        figures=used,
    )


def fill_tokens(html: str, values: dict[str, str]) -> str:
    """Replace editor tokens such as `[emergency number]` with escaped values."""
    for token, value in values.items():
        html = html.replace(token, nh3.clean_text(value))
    return html


def needs_region(html: str) -> bool:
    """Whether a page's HTML differs by region (tokens, or an emergency card)."""
    return _EMERGENCY_CARD in html or any(token in html for token in REGION_TOKENS)


def fill_region(html: str, html_tokens: dict[str, str], card_footer: str) -> str:
    """Fill region tokens with trusted HTML (`tel:` links built by articles.regions), and end
    every emergency card with `card_footer` (the other regions' numbers)."""
    for token, value in html_tokens.items():
        html = html.replace(token, value)
    parts = html.split(_EMERGENCY_CARD)
    for index in range(1, len(parts)):
        parts[index] = _CARD_END.sub(lambda m: card_footer + m.group(0), parts[index], count=1)
    return _EMERGENCY_CARD.join(parts)
