"""The one place Markdown is configured, rendered and sanitised (Python-Markdown + nh3)."""

import html as html_lib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3
from pymdownx.snippets import SnippetMissingError

from . import figures
from .limits import HEADING_LINE, TooComplex, check_size  # noqa: F401 - TooComplex is API
from .markdown_ext import CALLOUT_KINDS, CARE_LEVELS, _MesoguideBlocks, _MesoguideExtension
from .readability import ProseExtractor
from .snippets import SnippetProblem, _MesoguideSnippets
from .tokens import REGION_TOKENS, fill_tokens  # noqa: F401 - part of the rendering API

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


def _separate_headings(text: str) -> str:
    # A heading line inside a run of lines ends the paragraph anyway; giving it blank lines
    # of its own spares the parser from splitting a long block one heading at a time.
    return HEADING_LINE.sub(lambda m: "\n" + m.group(1) + "\n", text)


def _without_level_prefix(text: str) -> str:
    """A care card's heading without the hidden "Emergency: " read by screen readers."""
    for label in CARE_LEVELS.values():
        if text.startswith(f"{label}: "):
            return text[len(str(label)) + 2 :]
    return text


def render(
    text: str, source_keys: dict[str, int] | None = None, snippet_dir: Path | None = None
) -> Rendered:
    """Render one Markdown body to sanitised HTML (called once per file, at load).

    `source_keys` maps each source's `key` to its number on this page; `snippet_dir` is
    where `--8<--` includes are read from (content/snippets).
    """
    check_size(text)
    md = _markdown(os.path.abspath(snippet_dir or "snippets"))
    md.mesoguide_source_keys = dict(source_keys or {})
    try:
        raw_html = md.convert(_separate_headings(text))
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
            _without_level_prefix(html_lib.unescape(h.text)),
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
