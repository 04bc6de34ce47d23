"""Links inside the site found in a Markdown body, each with the line it is written on."""

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

# Where a link's address is written in Markdown or HTML: `](addr`, `[ref]: addr`, `<addr>`,
# `href="addr"`. One pass over the body finds them all, in order.
_DESTINATION = re.compile(r"""(?:\]\(\s*<?|\]:[ \t]*<?|<|href\s*=\s*["']?)([/#][^\s)"'<>]*)""")


@dataclass(frozen=True)
class Link:
    """A link to check once every document is known."""

    path: Path
    line: int
    href: str
    draft: bool = False  # the linking page is a draft (it may link to other drafts)


class LineIndex:
    """Line numbers of offsets in a text, by bisection (linear to build, log to ask)."""

    def __init__(self, text: str, first_line: int = 1):
        self.first_line = first_line
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line_at(self, offset: int) -> int:
        return self.first_line + bisect.bisect_right(self.starts, offset) - 1


def local_links(path: Path, body: str, body_line: int, hrefs, draft=False) -> list[Link]:
    """The site-internal links among `hrefs` (in rendered order), each on its own line.

    The n-th time an address is rendered it is matched to the n-th place it is written, so a
    link repeated further down the page is reported on its own line, not the first one.
    """
    index = LineIndex(body, body_line)
    written: dict[str, list[int]] = {}
    for match in _DESTINATION.finditer(body):
        written.setdefault(match.group(1), []).append(match.start(1))
    used: dict[str, int] = {}
    links = []
    for href in hrefs:
        if not href.startswith(("/", "#")):
            continue
        places = written.get(href, [])
        count = used.get(href, 0)
        used[href] = count + 1
        line = index.line_at(places[min(count, len(places) - 1)]) if places else body_line
        links.append(Link(path, line, href, draft))
    return links
