"""The one place Markdown is configured, rendered and sanitised (Python-Markdown + nh3)."""

import html as html_lib
import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
import nh3
from django.utils.html import format_html
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from .limits import HEADING_LINE, check_size
from .readability import ProseExtractor
from .regions import REGIONS, region_tokens

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
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"scope"},
}
ALLOWED_CLASSES = {
    "section": {"care-card", *(f"care-card--{level}" for level in CARE_LEVELS)},
    "div": {
        "care-card__content", "callout", "callout__content",
        *(f"callout--{kind}" for kind in CALLOUT_KINDS),
    },
    "p": {"care-card__label", "callout__title"},
    "h2": {"care-card__heading"},
    "h3": {"care-card__heading"},
    "span": {"visually-hidden"},
    "sup": {"source-ref"},
}  # fmt: skip
ALLOWED_ATTRIBUTE_VALUES = {"p": {"aria-hidden": {"true"}}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Tokens an editor writes that are filled in per region or from settings after rendering.
REGION_TOKENS = ("[emergency number]", "[urgent help]")

_SOURCE_REF = r"\[\^(\d{1,3})\]"


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


class _MesoguideBlocks(BlocksExtension):
    def extendMarkdownBlocks(self, md, block_mgr):
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
        number = int(m.group(1))
        self.md.mesoguide_cited.append(number)
        sup = etree.Element("sup", {"class": "source-ref"})
        # Marked so the link collector leaves it out: `[^n]` is checked against the source list.
        link = etree.SubElement(sup, "a", {"href": f"#source-{number}", "data-ref": ""})
        hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
        hidden.text = "source "
        hidden.tail = str(number)
        return sup, m.start(0), m.end(0)


class _LinkCollector(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            if element.tag == "a" and element.attrib.pop("data-ref", None) is not None:
                continue
            if element.tag == "a" and element.get("href"):
                self.md.mesoguide_links.append(element.get("href"))
            elif element.tag == "table":
                for cell in element.iter("th"):
                    cell.set("scope", "col")
                # Column alignment arrives as inline style, which the CSP and sanitiser forbid.
                for cell in (*element.iter("th"), *element.iter("td")):
                    cell.attrib.pop("style", None)


class _MesoguideExtension(Extension):
    def extendMarkdown(self, md):
        self.md = md
        md.mesoguide_cited = []
        md.mesoguide_links = []
        md.inlinePatterns.register(_SourceRefProcessor(_SOURCE_REF, md), "source_ref", 175)
        md.treeprocessors.register(_LinkCollector(md), "mesoguide_links", 1)
        md.registerExtension(self)

    def reset(self):
        self.md.mesoguide_cited = []
        self.md.mesoguide_links = []


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One configured Markdown instance per thread, reset between documents (building one
    costs as much as a short page)."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _new_markdown()
    return md.reset()


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "tables",
            "sane_lists",
            "toc",
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


def _separate_headings(text: str) -> str:
    # A heading line inside a run of lines ends the paragraph anyway; giving it blank lines
    # of its own spares the parser from splitting a long block one heading at a time.
    return HEADING_LINE.sub(lambda m: "\n" + m.group(1) + "\n", text)


def render(text: str) -> Rendered:
    """Render one Markdown body to sanitised HTML (called once per file, at load)."""
    check_size(text)
    md = _markdown()
    try:
        raw_html = md.convert(_separate_headings(text))
    except RecursionError:
        _local.md = None  # a half-converted instance is not to be trusted again
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
    return Rendered(
        html=sanitise(raw_html),
        headings=headings,
        links=tuple(md.mesoguide_links),
        cited_sources=tuple(md.mesoguide_cited),
        unsafe=tuple(finder.found),
        prose=finder.prose,
    )


def variants(html: str, contact_email: str) -> dict[str, str]:
    """The page's HTML for each region (one, when the page has no region tokens)."""
    contact_html = (
        format_html('<a href="mailto:{0}">{0}</a>', contact_email)
        if contact_email
        else "the contact address of whoever runs this copy of the site"
    )
    html = html.replace("[contact email]", contact_html)
    # A plain dict (not a read-only proxy): documents are pickled when loaded in parallel.
    if not any(token in html for token in REGION_TOKENS):
        return {"": html}
    return {code: fill_tokens(html, region_tokens(region)) for code, region in REGIONS.items()}


def fill_tokens(html: str, values: dict[str, str]) -> str:
    """Replace editor tokens such as `[emergency number]` with escaped values."""
    for token, value in values.items():
        html = html.replace(token, nh3.clean_text(value))
    return html
