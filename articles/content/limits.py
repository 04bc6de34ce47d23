"""How much Markdown one file may hold: what the libraries would render in quadratic time is
refused before rendering, with a message for the editor."""

import re

# Python-Markdown matches each "[" (and "<", "`", "*", "_") by scanning ahead through its
# paragraph, so the time grows with the square of their number (Python-Markdown/markdown#798):
# 100,000 "[" take most of an hour, 1,000 a quarter of a second. Real pages use under 200.
MARKUP_LIMITS = {"[": 1000, "<": 500, "`": 1000, "*": 1000, "_": 1000}
# Python-Markdown's block parser peels one line at a time off a block of lines with no
# blank line between them, re-testing the rest each time (quadratic in the block's length);
# its contents list does work per heading that grows with the page; and pymdownx.blocks walks
# the whole page for every paragraph inside a `///` block. These limits keep the worst file
# within the size limit well under a second. Real pages are far below them: the longest block
# is 22 lines, the longest body under 400 lines, the most headings 34, the most lines
# inside `///` blocks about 30.
MAX_LINES = 3000
MAX_BLOCK_LINES = 100
MAX_HEADINGS = 300
MAX_BLOCK_MARKERS = 100
MAX_LINES_IN_BLOCKS = 400
HEADING_LINE = re.compile(r"^(#.*)$", re.MULTILINE)
# A setext underline or a rule: each makes a heading or an <hr>, and costs as much.
_RULE_LINE = re.compile(r"^ {0,3}(?:-+|=+)[ \t]*$", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class TooComplex(ValueError):
    """Markdown that would take too long to render; the message is worded for the editor."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line  # 0-based, within the rendered text

    def line_in(self, first_line: int) -> int:
        return first_line + self.line


def _check_counts(text: str):
    for character, limit in MARKUP_LIMITS.items():
        count = text.count(character)
        if count > limit:
            raise TooComplex(
                f"too many '{character}' characters to render ({count:,}; the limit is {limit:,})"
            )
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise TooComplex(f"{lines:,} lines is too long to render (the limit is {MAX_LINES:,})")
    headings = len(HEADING_LINE.findall(text)) + len(_RULE_LINE.findall(text))
    if headings > MAX_HEADINGS:
        raise TooComplex(f"too many headings and rules ({headings:,}; the limit is {MAX_HEADINGS})")


def _check_blocks(text: str):
    start = 0
    for match in (*_BLANK_LINE.finditer(text), None):
        end = match.start() if match else len(text)
        if text.count("\n", start, end) >= MAX_BLOCK_LINES:
            raise TooComplex(
                f"a block of over {MAX_BLOCK_LINES} lines with no blank line: "
                "put blank lines between paragraphs, lists and tables",
                text.count("\n", 0, start),
            )  # fmt: skip
        start = match.end() if match else start


def _check_callouts(text: str):
    depth = markers = inside = 0
    for line in text.splitlines():
        if line.startswith("///"):
            markers += 1
            depth = depth - 1 if depth and not line[3:].strip() else depth + 1
        elif depth:
            inside += 1
    if markers > MAX_BLOCK_MARKERS:
        raise TooComplex(f"too many '///' lines ({markers:,}; the limit is {MAX_BLOCK_MARKERS})")
    if inside > MAX_LINES_IN_BLOCKS:
        raise TooComplex(
            f"{inside:,} lines inside care cards and callouts (the limit is {MAX_LINES_IN_BLOCKS})"
        )


def check_size(text: str):
    """Refuse, before rendering, what the Markdown libraries would render in quadratic time."""
    _check_counts(text)
    _check_blocks(text)
    _check_callouts(text)
