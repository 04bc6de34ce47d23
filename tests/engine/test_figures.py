"""Figures: original SVG drawings with text equivalents, placed by editors with a Markdown block."""

import gzip
import re
import xml.etree.ElementTree as etree

import pytest

from articles.content import figures, load, rendering
from tests.factories import REAL_CONTENT_DIR

SVG = "{http://www.w3.org/2000/svg}"
NAMES = ("recovery-timeline", "what-to-do-now", "skin-layers", "shared-vial")
TOOL_FIGURES = {
    "/after-treatment/record/": "product-label",
    "/after-treatment/diary/": "measure-lump",
}
ALL = sorted(figures.figures())
BUDGET = 50 * 1024  # bytes on the wire (gzip) for a page and everything it loads
MAX_REQUESTS = 5  # README "Page budgets"
PAGES_WITH_FIGURES = (
    "/articles/aftercare-and-recovery/", "/warning-signs/", "/articles/how-it-is-done/",
    "/articles/slow-infections/", "/articles/choosing-a-practitioner/",
    "/articles/if-something-goes-wrong/",
)  # fmt: skip


def test_every_drawing_has_a_title_and_a_description():
    assert {*NAMES, *TOOL_FIGURES.values()} <= set(ALL)
    for name in ALL:
        figure = figures.figures()[name]
        assert 20 <= len(figure.title) <= 90, name
        assert len(figure.description.split()) >= 40, name  # says what the picture shows
        assert figure.width > 0 and figure.height > 0


@pytest.mark.parametrize("name", ALL)
def test_drawing_is_small_self_contained_and_prints_in_black_and_white(name):
    path = figures.FIGURE_DIR / f"{name}.svg"
    text = path.read_text()
    assert len(text.encode()) < 6 * 1024
    root = etree.fromstring(text)  # noqa: S314 (our own file)
    assert root.get("role") == "img" and root.get("aria-labelledby")
    assert not re.search(r"<script|<image|<foreignObject|\bon[a-z]+=|https?://(?!www\.w3\.org)",
                         text)  # fmt: skip
    # Greys only, so nothing depends on colour and it prints the same in black and white.
    for colour in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{3,6})"', text):
        digits = colour[1:]
        channels = [digits[i] * 2 for i in range(3)] if len(digits) == 3 else \
            [digits[i:i + 2] for i in (0, 2, 4)]  # fmt: skip
        assert len(set(channels)) == 1, f"{name}: {colour} is not a grey"
    # A white panel of its own: readable on the dark theme too.
    first = root.find(f"{SVG}rect")
    assert first.get("fill") == "#fff" and first.get("width") == root.get("viewBox").split()[2]


def test_figure_block_renders_an_image_with_alt_text_and_a_caption():
    rendered = rendering.render("Before.\n\n/// figure | shared-vial\n///\n\nAfter.\n")
    html = rendered.html
    figure = figures.figures()["shared-vial"]
    assert '<figure class="figure" id="figure-shared-vial">' in html
    # Inlined (no extra request), named by its title, ids made unique to this figure.
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert 'aria-labelledby="shared-vial-t"' in html
    assert f'<title id="shared-vial-t">{figure.title}</title>' in html
    assert 'id="t"' not in html and 'href="#vial"' not in html
    assert f"</span> {figure.description}</figcaption>" in html
    assert rendered.figures == ("shared-vial",) and rendered.unsafe == ()
    # The caption is graded with the page; the placeholder itself never reaches the reader.
    assert figure.description in rendered.prose and "\ue000" not in rendered.prose + html


def test_editors_own_img_tags_are_still_refused():
    rendered = rendering.render('<img src="https://example.com/x.png" alt="x">\n')
    assert "<img" not in rendered.html and rendered.unsafe == ("<img>",)


def test_unknown_figure_is_an_error_with_file_and_line(content_dir):
    body = "Intro text.[^1]\n\nMore text.[^2][^3]\n\n/// figure | recovery-timline\n///\n"
    path = content_dir.article("with-figure", body=body)
    expected_line = path.read_text().splitlines().index("/// figure | recovery-timline") + 1
    registry = load(content_dir.root, log=False)
    problems = [p for p in registry.problems if "figure" in p.message]
    assert len(problems) == 1
    assert problems[0].path == path
    assert problems[0].line == expected_line > 20, str(problems[0])
    assert "figure 'recovery-timline': no such figure" in problems[0].message
    assert "recovery-timeline" in problems[0].message  # the known names, to fix the typo
    assert "/articles/with-figure/" not in registry.documents


def test_a_known_figure_keeps_the_page_valid(content_dir):
    body = "Intro text.[^1][^2][^3]\n\n/// figure | skin-layers\n///\n"
    content_dir.article("with-figure", body=body)
    registry = load(content_dir.root, log=False)
    assert registry.errors == []
    assert 'id="figure-skin-layers"' in registry.documents["/articles/with-figure/"].html_for("")


def _transfer_size(client, path: str) -> tuple[int, int]:
    """gzip bytes and requests for the page and every stylesheet, script and image it loads."""
    html = client.get(path).content
    total = len(gzip.compress(html))
    refs = set(re.findall(rb'<(?:link|script|img)[^>]+(?:href|src)="(/static/[^"]+)"', html))
    for ref in refs:
        file = figures.FIGURE_DIR.parent / ref.decode().removeprefix("/static/")
        total += len(gzip.compress(file.read_bytes()))
    return total, 1 + len(refs)


def test_every_page_with_a_figure_shows_it_and_stays_within_the_budget(real_content, client):
    placed = set()
    for path in PAGES_WITH_FIGURES:
        html = client.get(path).content.decode()
        names = re.findall(r'id="figure-([a-z-]+)"', html)
        placed.update(names)
        for name in names:
            assert f'aria-labelledby="{name}-t"' in html
        size, requests = _transfer_size(client, path)
        assert size <= BUDGET and requests <= MAX_REQUESTS, (path, size, requests)
    assert placed == set(NAMES), f"not placed on any page: {set(NAMES) - placed}"


@pytest.mark.parametrize(("path", "name"), sorted(TOOL_FIGURES.items()))
def test_tool_pages_show_their_figure(real_content, client, path, name):
    html = client.get(path).content.decode()
    assert f'id="figure-{name}"' in html and f'aria-labelledby="{name}-t"' in html


@pytest.mark.parametrize(
    "path", ["/after-treatment/doctor-note/", "/after-treatment/record/", "/after-treatment/diary/"]
)
def test_tool_pages_stay_within_the_budget(real_content, client, path):
    size, requests = _transfer_size(client, path)
    assert size <= BUDGET and requests <= MAX_REQUESTS, (size, requests)


def test_real_content_places_only_known_figures():
    registry = load(REAL_CONTENT_DIR, log=False)
    assert not [p for p in registry.problems if "figure" in p.message]
