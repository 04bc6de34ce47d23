"""Small screens (320 px reflow), the warning-signs fold, and print/PDF output."""

import pytest

from .helpers import (
    CHECKLIST_SLUGS,
    LEVELS,
    goto,
    inside_viewport,
    load_checklist,
    pdf_page_count,
    result_of_first_choices,
    sitemap_paths,
    submit,
)

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}

# Elements whose right edge passes the viewport: named so a failure says what to fix.
WIDE_ELEMENTS_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 0.5) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.classList.length ? '.' + [...el.classList].join('.') : '');
      wide.push(name + ' (right edge ' + Math.round(r.right) + ' px)');
    }
  }
  return wide.slice(0, 8);
}"""


def layout_problems(page, where: str) -> list[str]:
    problems = []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > NARROW["width"]:
        wide = ", ".join(page.evaluate(WIDE_ELEMENTS_JS))
        problems.append(f"{where}: scrolls sideways (scrollWidth {scroll_width}); wide: {wide}")
    help_link = page.locator(".site-header__help")
    expected = "Señales de alarma" if where.startswith("/es/") else "Warning signs"
    if help_link.count() != 1 or help_link.inner_text().strip() != expected:
        problems.append(f"{where}: no 'Warning signs' link in the header")
    elif not (help_link.is_visible() and inside_viewport(page, help_link)):
        problems.append(f"{where}: 'Warning signs' header link is not wholly on screen")
    return problems


def test_320px_no_sideways_scrolling_and_warning_signs_link_on_screen(new_page, base_url):
    page = new_page(viewport=NARROW)
    problems = []
    paths = [*sitemap_paths(page, base_url), "/search/?q=infection", "/search/"]
    paths += [f"/checklists/{slug}/" for slug in CHECKLIST_SLUGS]
    for path in paths:
        goto(page, base_url + path)
        problems += layout_problems(page, path)
    goto(page, base_url + "/no-such-page/", status=404)
    problems += layout_problems(page, "404 page")
    for slug in CHECKLIST_SLUGS:
        checklist = load_checklist(slug)
        result_of_first_choices(page, base_url, checklist)
        problems += layout_problems(page, f"{checklist.path} result")
    assert not problems, "\n".join(problems)


BEFORE_EMERGENCY_CARD_JS = """() => {
  const card = document.querySelector('.care-card--emergency');
  const heading = card.querySelector('.care-card__heading');
  const allowed = ['.skip-link', '.site-header', 'main h1', 'main .region-note'];
  const unexpected = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.contains(card) || card.contains(el) || el.querySelector('main h1')) continue;
    if (!(card.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING)) continue;
    if (allowed.some(sel => el.closest(sel))) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden') {
      unexpected.push(el.outerHTML.slice(0, 100));
    }
  }
  const headingBottom = heading.getBoundingClientRect().bottom;
  const media = [...document.querySelectorAll('img, picture, video, iframe, canvas, svg')]
    .filter(el => el.getBoundingClientRect().height
                  && el.getBoundingClientRect().top < headingBottom)
    .map(el => el.outerHTML.slice(0, 100));
  return {headingBottom, unexpected, media};
}"""


def test_warning_signs_emergency_card_is_above_the_fold_on_a_phone(new_page, base_url):
    page = new_page(viewport={"width": 375, "height": 667})
    goto(page, base_url + "/warning-signs/")
    heading = page.locator(".care-card--emergency .care-card__heading")
    assert heading.is_visible()
    found = page.evaluate(BEFORE_EMERGENCY_CARD_JS)
    assert found["headingBottom"] <= 667, (
        f"the emergency heading ends at {found['headingBottom']:.0f} px, below the fold (667)"
    )
    assert found["unexpected"] == [], "only the header, h1 and region note may come first"
    assert found["media"] == [], "no image may push the emergency card down"


# --- Print -------------------------------------------------------------------------------


def assert_print_layout(page, *, reviewed: bool = False, printed_on: bool = False):
    page.emulate_media(media="print")
    for selector in [".site-nav", ".site-footer", ".skip-link", ".site-header", ".print-control"]:
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} shows in print"
    footer = page.locator(".print-footer")
    assert footer.is_visible(), "the print footer is hidden in print"
    text = " ".join(footer.inner_text().split())
    assert page.url.split("#")[0] in text, f"print footer lacks the page URL: {text}"
    if reviewed:
        assert "Page last reviewed" in text, text
    if printed_on:
        assert "Printed on" in text, text
    qr = footer.locator("svg")
    assert qr.count() == 1 and qr.is_visible(), "no QR code in the print footer"
    box = qr.bounding_box()
    assert box["width"] > 50 and box["height"] > 50, f"QR code too small to scan: {box}"
    page.emulate_media(media="screen")
    assert not footer.is_visible(), "the print footer shows on screen"


@pytest.mark.parametrize("path", ["/articles/risks-and-complications/", "/warning-signs/"])
def test_print_layout_of_content_pages(page, base_url, path):
    goto(page, base_url + path)
    assert_print_layout(page, reviewed=True)


def test_print_layout_of_a_checklist_result(page, base_url):
    result_of_first_choices(page, base_url, load_checklist("practitioner"))
    assert_print_layout(page, printed_on=True)


def test_pdf_page_count_counts_pages_not_the_page_tree(page):
    page.set_content("<p>one</p><p style='break-before: page'>two</p>")
    assert pdf_page_count(page.pdf(format="A4")) == 2


PAPERS = ("A4", "Letter")


def pdf_pages(page) -> dict[str, int]:
    return {paper: pdf_page_count(page.pdf(format=paper)) for paper in PAPERS}


def test_warning_signs_prints_on_one_or_two_pages(page, base_url):
    goto(page, base_url + "/warning-signs/")
    pages = pdf_pages(page)
    assert all(1 <= count <= 2 for count in pages.values()), (
        f"the warning-signs page prints on {pages} pages (limit 2)"
    )


def test_checklist_results_print_on_at_most_two_pages(page, base_url, checklist_slug):
    checklist = load_checklist(checklist_slug)
    result_of_first_choices(page, base_url, checklist)
    pages = pdf_pages(page)
    assert all(count <= 2 for count in pages.values()), (
        f"{checklist.path} result (first answer to each question) prints on {pages} pages"
    )


def most_serious_choice(question) -> int:
    return min(
        range(len(question.choices)), key=lambda i: LEVELS.index(question.choices[i]["level"])
    )


def test_longest_checklist_with_every_answer_stop_prints_on_two_pages(page, base_url):
    checklist = max(
        (load_checklist(slug) for slug in CHECKLIST_SLUGS),
        key=lambda c: (
            len(c.questions),
            sum(len(q.choices[most_serious_choice(q)]["advice"]) for q in c.questions),
        ),
    )
    goto(page, base_url + checklist.path)
    for question in checklist.questions:
        page.locator(f"label[for='id_{question.id}_{most_serious_choice(question)}']").click()
    submit(page)
    assert page.locator(".verdict--stop").is_visible()
    pages = pdf_pages(page)
    assert all(count <= 2 for count in pages.values()), (
        f"{checklist.path}: the result with the most serious answer to all "
        f"{len(checklist.questions)} questions prints on {pages} pages (limit 2)"
    )
