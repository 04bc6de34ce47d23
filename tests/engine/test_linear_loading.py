"""Any file within the size limit loads fast: what would render in quadratic time is refused.

The bound is generous (the machine running the suite may be busy); bench/content_speed.py
measures the real times.
"""

import time

import pytest

from articles.content import MAX_FILE_BYTES, load
from articles.content.limits import MAX_BLOCK_LINES, MAX_LINES
from tests.factories import front_matter

SECONDS = 6.0  # the target is 2 s on an idle machine; see bench/content_speed.py
FM = front_matter(sources_block="", section=None)


def _at_the_limit(unit: str, blank_every: int = 0) -> str:
    room = MAX_FILE_BYTES - len(FM) - 10
    if blank_every:
        unit = unit * blank_every + "\n"
    return unit * (room // len(unit))


def _under_the_limits(unit: str) -> str:
    """As many lines as the limits allow, in the longest blocks they allow."""
    per_block = (MAX_BLOCK_LINES - 1) // unit.count("\n")
    block = unit * per_block + "\n"
    return block * ((MAX_LINES - 10) // block.count("\n"))


CASES = {
    "30000-empty-h2": "##\n" * 30_000,
    "empty-h2-at-limit": _at_the_limit("##\n"),
    "h2-blocks": _at_the_limit("## a\n", 90),
    "hash-lines": _at_the_limit("#x\n"),
    "rules": _at_the_limit("---\n", 90),
    "setext": _at_the_limit("a\n--\n"),
    "list-items": _at_the_limit("- a\n", 90),
    "ordered-items": _at_the_limit("1. a\n", 90),
    "nested-items": _at_the_limit("- a\n  - b\n", 45),
    "quotes": _at_the_limit("> a\n", 90),
    "table-rows": _at_the_limit("| a | b |\n", 90),
    "paragraphs": _at_the_limit("a\n\n"),
    "care-cards": _at_the_limit("/// urgent | Get help if:\n- x\n///\n\n"),
    "one-card-many-paragraphs": "/// urgent | Help\n" + "para\n\n" * 2000 + "///\n",
    "cards-after-a-long-page": "p\n\n" * 1400 + "/// urgent | x\n" + "- a\n\n" * 300 + "///\n",
    "most-list-items-allowed": _under_the_limits("- a\n"),
    "most-ordered-items-allowed": _under_the_limits("1. a\n"),
    "most-nested-items-allowed": _under_the_limits("- a\n  - b\n"),
    "most-table-rows-allowed": _under_the_limits("| a | b |\n"),
    "most-quote-lines-allowed": _under_the_limits("> a\n"),
    "most-headings-allowed": "## a\n\n" * 299 + "p\n\n" * 1200,
    "most-card-lines-allowed": "p\n\n" * 1200
    + ("/// urgent | x\n" + "- a\n\n" * 8 + "///\n\n") * 25,
}


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_a_file_within_the_size_limit_loads_quickly(content_dir, body):
    path = content_dir.write("pages/big.md", FM + "\n" + body)
    assert path.stat().st_size <= MAX_FILE_BYTES
    started = time.perf_counter()
    registry = load(content_dir.root, log=False)
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS, f"{elapsed:.1f} s"
    problems = [p for p in registry.problems if p.path == path]
    # Either it rendered, or it was refused with a message naming a line in the file.
    assert "big" in registry.pages or (problems and problems[0].is_error)
    for problem in problems:
        assert 1 <= problem.line <= body.count("\n") + 20


def test_a_long_block_is_refused_on_its_own_line(content_dir):
    body = "Intro.\n\n" + "- item\n" * 200
    path = content_dir.write("pages/long.md", FM + "\n" + body)
    (problem,) = [p for p in load(content_dir.root, log=False).problems if p.path == path]
    assert "a block of over 100 lines with no blank line" in problem.message
    assert path.read_text().splitlines()[problem.line - 1] == "- item"


def test_real_sized_pages_are_not_refused(content_dir):
    body = "".join(f"## Part {n}\n\n" + "A sentence. " * 20 + "\n\n- a\n- b\n\n" for n in range(40))
    content_dir.write("pages/fine.md", FM + "\n" + body)
    registry = load(content_dir.root, log=False)
    assert "fine" in registry.pages, registry.problems
