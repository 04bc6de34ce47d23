"""The after-treatment tools in a real browser: by keyboard, by mouse and with JavaScript off;
printed on one A4 and one Letter page; figures with text equivalents; axe in light and dark."""

import io

import pytest
from pypdf import PdfReader

from tests.tool_fixtures import real_tools

from .helpers import goto, scan

pytestmark = pytest.mark.browser

LETTER = "/after-treatment/doctor-note/"
RECORD = "/after-treatment/record/"
DIARY = "/after-treatment/diary/"
PAGES_WITH_FIGURES = (
    "/warning-signs/", "/articles/aftercare-and-recovery/", "/articles/slow-infections/",
    "/articles/how-it-is-done/", "/articles/choosing-a-practitioner/",
    "/articles/if-something-goes-wrong/",
)  # fmt: skip
_TOOLS = real_tools()


def pages_of(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def fill_letter_with_the_mouse(page):
    page.fill("#id_your-name", "Maria Lopez")
    page.fill("#id_treated-when", "August 2026, two sessions")
    page.fill("#id_treated-where", "Istanbul, Turkey")
    page.locator("label[for='id_setting_1']").click()
    page.fill("#id_area", "Belly and both thighs")
    page.locator("label[for='id_product-known_2']").click()
    for index in (0, 2, 6):
        page.locator(f"label[for='id_symptoms_{index}']").click()
    page.fill("#id_symptoms-more", "Six firm lumps, 1 to 2 cm. Two leak yellow fluid.")
    page.locator("label[for='id_started_2']").click()
    page.locator("label[for='id_antibiotics_1']").click()


def fill_every_field_to_its_limit(page, tool):
    for field in tool.fields:
        if field.type in ("text", "textarea"):
            page.fill(f"#id_{field.id}", ("Word " * field.max_length)[: field.max_length])
        elif field.type == "choice":
            page.check(f"#id_{field.id}_{len(field.choices) - 1}")
        elif field.type == "choices":
            for index in range(len(field.choices)):
                page.check(f"#id_{field.id}_{index}")
        elif field.type == "date":
            page.fill(f"#id_{field.id}", "2026-11-20")
        else:
            for row in range(1, field.rows + 1):
                for column in field.columns:
                    text = ("Abc " * column.max_length)[: column.max_length]
                    page.fill(f"#id_{field.id}-{row}-{column.id}", text)


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_letter_by_mouse_is_private_and_says_what_to_consider(page, base_url, outside_requests):
    goto(page, base_url + LETTER)
    fill_letter_with_the_mouse(page)
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        page.get_by_role("button", name="Show my letter").click()
    response = info.value
    page.wait_for_load_state("domcontentloaded")
    assert response.status == 200 and "no-store" in response.headers["cache-control"]
    assert "set-cookie" not in response.headers
    assert page.url == base_url + LETTER  # nothing typed travels in the URL
    letter = page.locator("article.letter")
    assert letter.locator("h1").inner_text() == "To the doctor or nurse seeing me"
    text = " ".join(letter.inner_text().split())
    assert "Maria Lopez" in text and "Lumps under the skin; Sores that leak fluid or pus" in text
    assert "I don't know" in text  # "What was injected?" answered "I don't know"
    assert "AFB smear and mycobacterial culture" in text and "tell the laboratory" in text
    assert "https://www.cdc.gov/mmwr/preview/mmwrhtml/mm5444a4.htm" in text
    assert page.context.cookies() == [] and outside_requests == []


def test_letter_by_keyboard_only(page, base_url):
    goto(page, base_url + LETTER)
    page.locator("#id_your-name").focus()
    page.keyboard.type("Sam Lee")
    page.keyboard.press("Tab")  # date of birth, left blank
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_treated-when"
    page.keyboard.type("May 2026")
    # Tab on to the symptoms checkboxes; Space ticks one, as a keyboard user would.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_symptoms_0":
            break
    assert page.evaluate("document.activeElement.id") == "id_symptoms_0"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    # Radios: Tab reaches the group; the arrow keys move and choose within it.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "started":
            break
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_started_2").is_checked()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    text = page.locator("article.letter").inner_text()
    assert "Sam Lee" in text and "May 2026" in text and "Boils or bumps with pus" in text
    assert "4 to 8 weeks" in text


def test_forms_work_with_javascript_off_and_errors_link_to_fields(new_page, base_url):
    page = new_page(java_script_enabled=False)
    goto(page, base_url + LETTER)
    page.fill("#id_treated-when", "June 2026")
    submit(page, "Show my letter")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    links = summary.locator("a")
    assert links.count() == 2  # symptoms and when it started are required
    assert page.locator("#id_treated-when").input_value() == "June 2026"  # nothing is lost
    with page.expect_navigation():
        links.first.click()
    assert page.url.endswith("#id_symptoms_0")
    page.check("#id_symptoms_1")
    page.check("#id_started_0")
    submit(page, "Show my letter")
    assert "June 2026" in page.locator("article.letter").inner_text()

    goto(page, base_url + RECORD)
    page.fill("#id_clinic", "Example Clinic")
    page.fill("#id_products-1-batch", "LOT 24A117")
    submit(page, "Show my record to print")
    record = page.locator("article.record").inner_text()
    assert "Example Clinic" in record and "LOT 24A117" in record


def test_record_by_mouse_and_the_blank_copy(page, base_url):
    goto(page, base_url + RECORD)
    page.locator("#id_treatment-date").fill("2026-11-20")
    page.locator("#id_practitioner").click()
    page.keyboard.type("Dr Anna Smith")
    page.locator("#id_products-2-name").click()
    page.keyboard.type("Second product")
    submit(page, "Show my record to print")
    record = page.locator("article.record")
    assert "20 November 2026" in record.inner_text()
    assert record.locator("tbody tr").nth(0).inner_text().strip().startswith("Second product")
    goto(page, base_url + RECORD + "blank/")
    assert page.locator("article.record tbody tr.record__empty").count() == 4


def _fits_on_one_page(page, where):
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=False)
        assert pages_of(pdf) == 1, f"{where} prints on {pages_of(pdf)} {paper} pages"


def test_a_realistic_letter_prints_on_one_page(page, base_url):
    goto(page, base_url + LETTER)
    fill_letter_with_the_mouse(page)
    submit(page, "Show my letter")
    _fits_on_one_page(page, "a realistic letter")


def test_the_longest_possible_letter_and_record_print_on_one_page(page, base_url):
    for path, button in ((LETTER, "Show my letter"), (RECORD, "Show my record to print")):
        goto(page, base_url + path)
        fill_every_field_to_its_limit(page, _TOOLS[path.split("/")[2]])
        submit(page, button)
        assert page.locator(".error-summary").count() == 0
        _fits_on_one_page(page, f"{path} filled to every limit")


@pytest.mark.parametrize("path", [RECORD + "blank/", DIARY])
def test_blank_record_and_diary_print_on_one_page(page, base_url, path):
    goto(page, base_url + path)
    _fits_on_one_page(page, path)


def test_printed_letter_keeps_the_sources_with_their_addresses(page, base_url):
    goto(page, base_url + LETTER)
    fill_letter_with_the_mouse(page)
    submit(page, "Show my letter")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "To the doctor or nurse seeing me" in text
    assert "cdc.gov/mmwr" in text and "Print this letter" not in text  # screen-only note


@pytest.mark.parametrize("path", PAGES_WITH_FIGURES)
def test_figures_load_from_our_host_with_text_equivalents(page, base_url, path, outside_requests):
    goto(page, base_url + path)
    figures = page.locator("figure.figure")
    assert figures.count() >= 1
    for index in range(figures.count()):
        figure = figures.nth(index)
        drawing = figure.locator("svg[role=img]")
        title = drawing.locator("title").text_content()
        # Screen readers name the drawing by its title; the caption describes it in full.
        assert figure.get_by_role("img", name=title).count() == 1
        box = drawing.bounding_box()
        assert box and box["width"] > 250 and box["height"] > 150
        assert len(figure.locator("figcaption").inner_text().split()) >= 30
    assert outside_requests == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [*PAGES_WITH_FIGURES, LETTER, RECORD, DIARY, RECORD + "blank/"])
def test_axe_finds_no_violations(new_page, base_url, path, scheme):
    page = new_page(color_scheme=scheme)
    goto(page, base_url + path)
    report = scan(page, f"{path} ({scheme})")
    assert report is None, report


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_the_letter_and_record_results(new_page, base_url, scheme):
    page = new_page(color_scheme=scheme)
    goto(page, base_url + LETTER)
    fill_letter_with_the_mouse(page)
    submit(page, "Show my letter")
    assert (report := scan(page, f"letter ({scheme})")) is None, report
    goto(page, base_url + LETTER)
    submit(page, "Show my letter")
    assert (report := scan(page, f"letter errors ({scheme})")) is None, report
    goto(page, base_url + RECORD)
    page.fill("#id_clinic", "Example Clinic")
    submit(page, "Show my record to print")
    assert (report := scan(page, f"record ({scheme})")) is None, report


def test_forms_fit_a_320_pixel_screen(new_page, base_url):
    page = new_page(viewport={"width": 320, "height": 640})
    for path in (LETTER, RECORD):
        goto(page, base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 320, f"{path} is {overflow} px wide at 320 px"
