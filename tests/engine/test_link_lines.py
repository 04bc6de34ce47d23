"""checkcontent names the line each broken link is written on, however it is written."""

import pytest

from articles.content import load
from tests.factories import front_matter

FM = front_matter(sources_block="", section=None)


@pytest.mark.parametrize(
    ("body", "line_text"),
    [
        # The same address twice: the broken one is the second, further down.
        ("[a](/nowhere/) first.\n\nMore.\n\nAnd [b](/nowhere/) again.\n", "[a](/nowhere/)"),
        ("Text.\n\nSee [ref][1].\n\n[1]: /missing/\n", "[1]: /missing/"),
        ("Text.\n\nAn autolink <https://example.org> and [x](/gone/).\n", "[x](/gone/)"),
        ("Text.\n\n- item\n- see [here](#no-such-part)\n", "[here](#no-such-part)"),
    ],
)
def test_a_broken_link_is_reported_on_its_own_line(content_dir, body, line_text):
    path = content_dir.write("pages/links.md", FM + "\n" + body)
    problems = [p for p in load(content_dir.root, log=False).problems if p.path == path]
    assert problems, "the broken link was not found"
    lines = path.read_text().splitlines()
    assert any(line_text in lines[p.line - 1] for p in problems), [str(p) for p in problems]
    assert all("link to" in p.message for p in problems)


def test_each_use_of_a_repeated_broken_link_has_its_own_line(content_dir):
    body = "One [a](/nowhere/).\n\nTwo.\n\nThree [b](/nowhere/).\n"
    path = content_dir.write("pages/twice.md", FM + "\n" + body)
    problems = [p for p in load(content_dir.root, log=False).problems if p.path == path]
    lines = path.read_text().splitlines()
    assert [lines[p.line - 1] for p in problems] == ["One [a](/nowhere/).", "Three [b](/nowhere/)."]


def test_source_references_are_not_reported_as_links(content_dir):
    content_dir.article("cited")
    registry = load(content_dir.root, log=False)
    assert not [p for p in registry.problems if "source-" in p.message]
