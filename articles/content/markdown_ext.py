"""Mesoguide's Python-Markdown extensions: care cards and callouts (pymdownx.blocks),
`[^n]` source references, and the collector of links. `rendering` puts them together."""

import xml.etree.ElementTree as etree

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from . import figures

# Care-card levels, most serious first: (visible label, hidden prefix read by screen readers).
# Translated when a page is rendered, with the page's own language active.
CARE_LEVELS = {
    "emergency": _("Emergency"),
    "urgent": _("Urgent"),
    "soon": _("Soon"),
    "expected": _("Expected"),
}
CALLOUT_KINDS = {"warning": _("Warning"), "note": _("Note")}

# `[^3]` cites a page's third source; `[^fda-fillers]` cites the source with `key: fda-fillers`.
# Shared snippets must cite by key: the same source has a different number on each page.
_SOURCE_REF = r"\[\^(\d{1,3}|[a-z][a-z0-9-]{0,40})\]"


class _CareCard(Block):
    """`/// emergency | Call ... now if:` -> a care card with a visible label and hidden prefix."""

    ARGUMENT = True
    LEVEL = ""

    def on_create(self, parent):
        label = str(CARE_LEVELS[self.LEVEL])
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
        title.text = self.argument or str(CALLOUT_KINDS[self.KIND])
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
        # Marked so the link collector leaves it out: `[^n]` is checked against the source list.
        link = etree.SubElement(sup, "a", {"href": f"#source-{number}", "data-ref": ""})
        hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
        hidden.text = f"{gettext('source')} "  # read before the number by screen readers
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
