"""Issue 15's design fixes that can regress: phone width, tables, the checklist form, print.

Each test names what a reader would see go wrong. PDFs are read back with pypdf, so "on page 1"
means the text is really on the first printed sheet, for both A4 and Letter paper.
"""

import io

import pytest
from pypdf import PdfReader

from .helpers import CHECKLIST_SLUGS, goto, load_checklist, submit

pytestmark = pytest.mark.browser

PAPERS = ("A4", "Letter")
PHONE = {"width": 320, "height": 640}
TABLE_PAGES = ["/articles/ingredients/", "/articles/does-it-work/", "/articles/slow-infections/"]

# Every word of every table cell (a hyphen is a fair place to wrap), and how many lines it is
# drawn on: 2 or more means a word was broken mid-word.
BROKEN_WORDS_JS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

CELL_WRAPPING_JS = """() => [...document.querySelectorAll('main td, main th')]
  .map(cell => getComputedStyle(cell))
  .filter(s => s.wordBreak === 'break-all' || s.overflowWrap === 'anywhere'
               || s.wordBreak === 'break-word')
  .length"""


# Text a sighted reader sees above `fold`: screen-reader-only text is left out.
VISIBLE_TEXT_ON_FIRST_SCREEN_JS = """fold => {
  const parts = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('.visually-hidden')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.height && rect.top < fold) parts.push(node.data.trim());
  }
  return parts.join(' ');
}"""


def pdf_text_by_page(page, paper: str) -> list[str]:
    reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
    return [" ".join((sheet.extract_text() or "").split()) for sheet in reader.pages]


@pytest.mark.parametrize(
    "path",
    ["/", "/warning-signs/", "/search/?q=infection", "/checklists/practitioner/", *TABLE_PAGES],
)
def test_no_sideways_scrolling_at_320px(new_page, base_url, path):
    page = new_page(viewport=PHONE)
    goto(page, base_url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} scrolls sideways at 320 px ({width} px wide)"


def test_no_sideways_scrolling_at_320px_in_the_error_state_and_result(new_page, base_url):
    page = new_page(viewport=PHONE)
    checklist = load_checklist("practitioner")
    goto(page, base_url + checklist.path)
    submit(page)
    assert page.locator(".error-summary").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for question in checklist.questions:
        page.locator(f"label[for='id_{question.id}_0']").click()
    submit(page)
    assert page.locator("h1.verdict").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_tables_never_break_a_word_on_a_phone(new_page, base_url, path):
    page = new_page(viewport=PHONE)
    goto(page, base_url + path)
    assert page.locator("main table").count() > 0, f"{path} has no table to check"
    assert page.evaluate(CELL_WRAPPING_JS) == 0, "a table cell uses break-all/anywhere"
    assert page.evaluate(BROKEN_WORDS_JS) == [], "words broken across lines in a table"


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_each_table_scrolls_in_a_labelled_focusable_region(new_page, base_url, path):
    page = new_page(viewport=PHONE)
    goto(page, base_url + path)
    tables = page.locator("main table")
    for index in range(tables.count()):
        region = tables.nth(index).locator("xpath=..")
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("tabindex") == "0"
        assert (region.get_attribute("aria-label") or "").startswith("Table: ")
        assert region.evaluate("el => getComputedStyle(el).overflowX") == "auto"


def test_checklist_question_shows_hint_before_answers_with_large_targets(new_page, base_url):
    page = new_page(viewport={"width": 375, "height": 740})
    checklist = load_checklist("practitioner")
    goto(page, base_url + checklist.path)
    for number, question in enumerate(checklist.questions, start=1):
        block = page.locator(f"#div_id_{question.id}")
        hint = block.locator(".question__hint").bounding_box()
        first = block.locator(".choice").first.bounding_box()
        assert hint["y"] + hint["height"] <= first["y"], f"{question.id}: hint after answers"
        assert f"Question {number} of {len(checklist.questions)}" in block.inner_text()
        for label in block.locator(".choice__label").all():
            box = label.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 280, f"{question.id}: small target"


def test_selected_answer_uses_the_sites_own_colour(page, base_url):
    checklist = load_checklist("practitioner")
    goto(page, base_url + checklist.path)
    question = checklist.questions[0]
    label = page.locator(f"label[for='id_{question.id}_0']")
    before = label.evaluate("el => getComputedStyle(el).borderColor")
    label.click()
    after = label.evaluate("el => getComputedStyle(el).borderColor")
    assert before != after, "choosing an answer does not change its row"
    assert after == "rgb(11, 61, 92)", f"selected colour is {after}, not the site's navy"


def test_error_marks_only_the_questions_in_error_with_the_message_above_answers(page, base_url):
    checklist = load_checklist("practitioner")
    goto(page, base_url + checklist.path)
    answered = checklist.questions[::2]
    for question in answered:
        page.locator(f"label[for='id_{question.id}_0']").click()
    submit(page)
    missing = [q for q in checklist.questions if q not in answered]
    assert page.locator(".question--error").count() == len(missing)
    assert page.locator(".error-summary li").count() == len(missing)
    for question in missing:
        block = page.locator(f"#div_id_{question.id}")
        message = block.locator(".question__error").bounding_box()
        assert message["y"] < block.locator(".choice").first.bounding_box()["y"]
    # Answer labels keep the text colour: an error is never shown by turning them all red.
    colours = set(page.locator(".choice__label").evaluate_all(
        "labels => labels.map(l => getComputedStyle(l).color)"
    ))  # fmt: skip
    assert len(colours) == 1, f"answer labels in several colours: {colours}"


def test_error_summary_is_short_on_a_phone(new_page, base_url):
    page = new_page(viewport={"width": 375, "height": 740})
    checklist = load_checklist("practitioner")
    goto(page, base_url + checklist.path)
    for question in checklist.questions[1:]:
        page.locator(f"label[for='id_{question.id}_0']").click()
    submit(page)
    height = page.locator(".error-summary").bounding_box()["height"]
    assert height < 250, f"error summary for one missing answer is {height:.0f} px tall"


def test_result_leads_with_the_verdict_and_print_button_on_the_first_screen(new_page, base_url):
    page = new_page(viewport={"width": 375, "height": 740})
    checklist = load_checklist("practitioner")
    goto(page, base_url + checklist.path)
    for question in checklist.questions:
        page.locator(f"label[for='id_{question.id}_0']").click()
    submit(page)
    button = page.get_by_role("button", name="Print or save this result")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= 740, "print button below the first screen"
    assert box["height"] >= 44, "print button is not a real-size target"
    seen = page.evaluate(VISIBLE_TEXT_ON_FIRST_SCREEN_JS, 740)
    assert seen.count("Stop") <= 2, f"the first screen repeats 'Stop': {seen}"
    # The reasons to stop come straight after the verdict, before the questions to take.
    assert page.evaluate(
        "() => document.querySelector('#result-stop').compareDocumentPosition("
        "document.querySelector('.questions-to-ask')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )


def serious_answers(page, base_url, slug):
    checklist = load_checklist(slug)
    goto(page, base_url + checklist.path)
    order = ("stop", "check", "ok")
    for question in checklist.questions:
        index = min(range(len(question.choices)),
                    key=lambda i: order.index(question.choices[i]["level"]))  # fmt: skip
        page.locator(f"label[for='id_{question.id}_{index}']").click()
    submit(page)
    return checklist


@pytest.mark.parametrize("slug", CHECKLIST_SLUGS)
def test_printed_result_has_the_questions_to_take_on_page_one(page, base_url, slug):
    checklist = serious_answers(page, base_url, slug)
    asks = [q.ask for q in checklist.questions if q.ask]
    assert asks, f"{slug}: no questions to take in the worst case"
    for paper in PAPERS:
        first, *_ = pdf_text_by_page(page, paper)
        assert "Questions to take to your consultation" in first, f"{slug} {paper}: heading"
        assert asks[0][:40] in first, f"{slug} {paper}: first question not on page 1"
        assert "Page 1 of" in first, f"{slug} {paper}: no page number"


@pytest.mark.parametrize(
    ("path", "masthead", "numbers"),
    [
        ("/warning-signs/", "Mesoguide An independent", "Page {n} of {n}"),
        ("/es/senales-de-alarma/", "Mesoguide Una guía", "Página {n} de {n}"),
    ],
)
def test_warning_signs_print_on_at_most_two_pages_with_masthead(
    page, base_url, path, masthead, numbers
):
    goto(page, base_url + path)
    for paper in PAPERS:
        sheets = pdf_text_by_page(page, paper)
        assert 1 <= len(sheets) <= 2, f"{path} prints on {len(sheets)} {paper} pages"
        assert masthead in sheets[0], f"{paper}: no masthead on page 1"
        assert path in sheets[0], f"{paper}: page address missing on page 1"
        assert numbers.format(n=len(sheets)) in sheets[-1], f"{paper}: page numbers"


@pytest.mark.parametrize("path", ["/warning-signs/", "/articles/does-it-work/"])
def test_print_shows_each_sources_address(page, base_url, path):
    goto(page, base_url + path)
    urls = page.locator(".sources a").evaluate_all("links => links.map(a => a.href)")
    assert urls, f"{path} lists no sources"
    page.emulate_media(media="print")
    shown = page.locator(".sources__url")
    assert shown.count() == len(urls)
    for index, url in enumerate(urls):
        assert shown.nth(index).is_visible(), f"source {index + 1}: address hidden in print"
        assert shown.nth(index).inner_text().strip() == url
    text = " ".join(pdf_text_by_page(page, "A4")).replace(" ", "")
    assert urls[0][:40] in text, "the first source's address is not in the PDF"
    page.emulate_media(media="screen")
    assert not shown.first.is_visible(), "addresses also clutter the screen"


def test_article_prints_on_fewer_pages(page, base_url):
    goto(page, base_url + "/articles/does-it-work/")
    for paper in PAPERS:
        assert len(pdf_text_by_page(page, paper)) <= 4, f"the article prints long on {paper}"


def test_emergency_card_is_red_edge_to_edge_and_prints_black_on_white(new_page, base_url):
    page = new_page(viewport={"width": 375, "height": 740})
    goto(page, base_url + "/warning-signs/")
    card = page.locator(".care-card--emergency")
    assert card.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(177, 14, 30)"
    page.emulate_media(media="print")
    colours = set(card.locator("a, sup").evaluate_all(
        "els => els.map(e => getComputedStyle(e).color)"
    ))  # fmt: skip
    assert colours == {"rgb(0, 0, 0)"}, f"citation numbers print in {colours}"
    assert card.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 255, 255)"


def test_home_top_tasks_are_on_the_first_screen_of_a_phone(new_page, base_url):
    page = new_page(viewport={"width": 375, "height": 667})
    goto(page, base_url + "/")
    tasks = page.locator(".top-task")
    assert tasks.count() == 4
    for index in range(4):
        box = tasks.nth(index).bounding_box()
        assert box["y"] + box["height"] <= 667, f"top task {index + 1} is below the fold"
    hrefs = page.locator(".top-task a").evaluate_all("links => links.map(a => a.pathname)")
    assert hrefs == [
        "/articles/what-is-mesotherapy/",
        "/articles/already-booked/",
        "/warning-signs/",
        "/articles/check-and-report/",
    ]


def test_desktop_has_one_left_edge(page, base_url):
    goto(page, base_url + "/articles/ingredients/")
    edges = {
        selector: round(page.locator(selector).first.bounding_box()["x"])
        for selector in [".site-header__name", ".site-nav a", ".breadcrumbs a", "main h1",
                         ".site-footer__disclaimer"]
    }  # fmt: skip
    assert len(set(edges.values())) == 1, f"several left edges: {edges}"


def test_home_heading_has_no_orphaned_word(page, base_url):
    goto(page, base_url + "/")
    last_line = page.evaluate("""() => {
      const h1 = document.querySelector('main h1');
      const range = document.createRange();
      range.selectNodeContents(h1);
      const rects = [...range.getClientRects()];
      const lastTop = Math.max(...rects.map(r => r.top));
      return rects.filter(r => Math.abs(r.top - lastTop) < 2)
                  .reduce((width, r) => width + r.width, 0);
    }""")
    assert last_line > 150, f"the home heading's last line is a lone word ({last_line:.0f} px)"


def test_trust_signals_in_every_footer(page, base_url):
    for path in ["/", "/articles/ingredients/", "/warning-signs/"]:
        goto(page, base_url + path)
        footer = page.locator(".site-footer")
        text = " ".join(footer.inner_text().split())
        for heading in ["Who publishes this", "How it is funded", "How we review",
                        "Contact us"]:  # fmt: skip
            assert heading in text, f"{path}: footer lacks {heading!r}"
        assert footer.locator("a[href='/editorial-policy/']").count() >= 1


def test_breadcrumbs_do_not_repeat_the_title_and_related_is_not_doubled(page, base_url):
    goto(page, base_url + "/articles/slow-infections/")
    title = page.locator("main h1").inner_text().strip()
    assert title not in page.locator(".breadcrumbs").inner_text()
    assert page.get_by_role("heading", name="Related pages").count() == 1
    sources = page.locator(".sources").inner_text()
    assert "et al.." not in sources
