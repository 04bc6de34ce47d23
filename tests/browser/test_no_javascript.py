"""Every page and every checklist works with JavaScript off; the scripts only enhance."""

import pytest

from .helpers import (
    fill_first_choices,
    goto,
    load_checklist,
    radio,
    sitemap_paths,
    wait_until_inside_viewport,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(new_page):
    page = new_page(java_script_enabled=False)
    return page


def test_javascript_really_is_off(no_js_page, base_url):
    goto(no_js_page, base_url + "/checklists/practitioner/")
    # site.js would unhide this; without scripting it stays hidden.
    assert no_js_page.locator("[data-progress]").is_hidden()


def test_every_checklist_works_without_javascript(no_js_page, base_url, checklist_slug):
    page = no_js_page
    checklist = load_checklist(checklist_slug)
    goto(page, base_url + checklist.path)
    with page.expect_navigation():
        page.get_by_role("button", name="See my result").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.locator("h2").inner_text().strip() == "There is a problem"
    assert summary.locator("a").count() == len(checklist.questions)
    fill_first_choices(page, checklist)
    with page.expect_navigation():
        page.get_by_role("button", name="See my result").click()
    verdict = page.locator("h1.verdict")
    assert verdict.is_visible()
    verdicts = checklist.verdicts.values()
    assert any(v in " ".join(verdict.inner_text().split()) for v in verdicts)
    assert page.locator(".result-item").count() == len(checklist.questions)


def test_error_summary_links_show_the_question_without_javascript(new_page, base_url):
    page = new_page(java_script_enabled=False, reduced_motion="reduce")
    checklist = load_checklist("your-health")
    goto(page, base_url + checklist.path)
    with page.expect_navigation():
        page.get_by_role("button", name="See my result").click()
    for number in (1, len(checklist.questions) - 1):
        question = checklist.questions[number]
        page.locator(".error-summary a").nth(number).click()
        page.wait_for_function(f"document.activeElement.id === 'id_{question.id}_0'")
        wait_until_inside_viewport(page, page.locator(f"#div_id_{question.id} legend"))
        wait_until_inside_viewport(page, radio(page, question.id, 0))


def test_every_sitemap_page_renders_its_heading_without_javascript(no_js_page, base_url):
    page = no_js_page
    missing = []
    for path in sitemap_paths(page, base_url):
        goto(page, base_url + path)
        heading = page.locator("main h1")
        if heading.count() != 1 or not heading.inner_text().strip() or not heading.is_visible():
            missing.append(path)
    assert not missing, f"pages without a visible h1: {missing}"


def test_search_form_works_without_javascript(no_js_page, base_url):
    page = no_js_page
    goto(page, base_url + "/search/")
    page.get_by_label("Search the guide").fill("infection")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    assert page.url == f"{base_url}/search/?q=infection"
    assert page.locator(".search-count").is_visible()
    assert page.locator(".search-results li").count() > 0


@pytest.mark.parametrize("path", ["/articles/risks-and-complications/", "/about/"])
def test_print_hint_shows_and_button_hides_without_javascript(no_js_page, base_url, path):
    goto(no_js_page, base_url + path)
    hint = no_js_page.locator(".print-control__hint")
    assert hint.is_visible()
    assert "Print command" in hint.inner_text()
    assert no_js_page.locator(".print-control__button").is_hidden()


def test_with_javascript_the_print_button_replaces_the_hint(page, base_url):
    goto(page, base_url + "/articles/risks-and-complications/")
    button = page.get_by_role("button", name="Print this page")
    button.wait_for()
    assert button.is_visible()
    assert page.locator(".print-control__hint").is_hidden()


def test_with_javascript_checklist_progress_updates(page, base_url):
    checklist = load_checklist("ingredients")
    goto(page, base_url + checklist.path)
    progress = page.locator("[data-progress]")
    total = len(checklist.questions)
    assert progress.is_visible()
    assert progress.inner_text().strip() == f"0 of {total} questions answered"
    page.locator(f"label[for='id_{checklist.questions[0].id}_0']").click()
    page.wait_for_function(
        "text => document.querySelector('[data-progress]').textContent.trim() === text",
        arg=f"1 of {total} questions answered",
    )
    page.locator(f"label[for='id_{checklist.questions[1].id}_1']").click()
    page.wait_for_function(
        "text => document.querySelector('[data-progress]').textContent.trim() === text",
        arg=f"2 of {total} questions answered",
    )
