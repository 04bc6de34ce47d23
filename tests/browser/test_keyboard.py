"""Everything works from the keyboard alone: skip link, visible focus, checklists, errors."""

import pytest

from .helpers import (
    LEVELS,
    active,
    focus_indicator,
    goto,
    has_visible_focus,
    inside_viewport,
    load_checklist,
    radio,
    tab_until,
    wait_until_inside_viewport,
)

pytestmark = pytest.mark.browser

SUBMIT = "el.matches('#checklist-form [type=submit]')"


def radio_of(question_id: str) -> str:
    return f"el.matches('input[type=radio]') && el.name === {question_id!r}"


@pytest.mark.parametrize("path", ["/", "/warning-signs/", "/checklists/practitioner/"])
def test_skip_link_is_first_tab_stop_visible_and_moves_focus_to_main(page, base_url, path):
    goto(page, base_url + path)
    skip = page.locator(".skip-link")
    assert not inside_viewport(page, skip), "the skip link shows before it has focus"
    page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('skip-link')"), "first Tab stop is not the skip link"
    assert skip.inner_text().strip() == "Skip to main content"
    assert inside_viewport(page, skip), "the focused skip link is not visible"
    assert has_visible_focus(focus_indicator(page))
    page.keyboard.press("Enter")
    assert active(page, "el.id") == "main", "the skip link did not move focus to <main>"
    page.keyboard.press("Tab")
    assert active(page, "document.getElementById('main').contains(el)"), "next Tab left <main>"


def test_focus_is_visible_on_link_radio_and_submit_button(page, base_url):
    goto(page, base_url + "/checklists/practitioner/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    seen = {"link": focus_indicator(page)}
    assert seen["link"]["tag"] == "A"
    tab_until(page, "el.matches('input[type=radio]')")
    seen["radio"] = focus_indicator(page)
    tab_until(page, SUBMIT)
    seen["submit button"] = focus_indicator(page)
    hidden = {name: style for name, style in seen.items() if not has_visible_focus(style)}
    assert not hidden, f"no visible focus indicator on: {hidden}"


def test_every_checklist_can_be_completed_by_keyboard(page, base_url, checklist_slug):
    checklist = load_checklist(checklist_slug)
    goto(page, base_url + checklist.path)
    chosen_levels = []
    for number, question in enumerate(checklist.questions):
        tab_until(page, radio_of(question.id))
        assert active(page, "el.id") == f"id_{question.id}_0", "Tab did not enter at answer 1"
        if number % 2 == 0:
            page.keyboard.press("Space")  # choose the focused (first) answer
            index = 0
        else:
            page.keyboard.press("ArrowDown")  # move to, and choose, the second answer
            index = 1
        assert radio(page, question.id, index).is_checked(), f"{question.id}: not chosen"
        chosen_levels.append(question.choices[index]["level"])
    tab_until(page, SUBMIT)
    key = "Enter" if checklist_slug != "practitioner" else "Space"
    with page.expect_navigation():
        page.keyboard.press(key)
    level = next(lvl for lvl in LEVELS if lvl in chosen_levels)
    verdict = page.locator("h1.verdict")
    assert verdict.is_visible()
    assert checklist.verdicts[level] in " ".join(verdict.inner_text().split())
    assert page.url == base_url + checklist.path


def test_empty_submission_focuses_error_summary_whose_links_reach_each_question(new_page, base_url):
    # Reduced motion: jumps scroll at once, so one jump's smooth scroll never races the next.
    page = new_page(reduced_motion="reduce")
    checklist = load_checklist("your-health")
    goto(page, base_url + checklist.path)
    tab_until(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    assert summary.locator("h2").inner_text().strip() == "There is a problem"
    page.wait_for_function("document.activeElement.matches('.error-summary')")
    style = focus_indicator(page)
    assert style["outlineStyle"] != "none" or style["boxShadow"] != "none", style
    links = summary.locator("a")
    assert links.count() == len(checklist.questions)
    for number, question in enumerate(checklist.questions):
        link = links.nth(number)
        assert link.get_attribute("href") == f"#id_{question.id}_0"
        assert question.text in " ".join(link.inner_text().split())
        first = page.locator(f"input[type=radio][name='{question.id}']").first.get_attribute("id")
        assert first == f"id_{question.id}_0", "the link does not point at the first answer"
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.activeElement.id === 'id_{question.id}_0'")
        # The question (legend) shows as well as its first answer, which has focus.
        wait_until_inside_viewport(page, page.locator(f"#div_id_{question.id} legend"))
        wait_until_inside_viewport(page, radio(page, question.id, 0))


def test_answers_given_are_kept_after_an_error(page, base_url):
    checklist = load_checklist("practitioner")
    goto(page, base_url + checklist.path)
    answered = {}
    for number, question in enumerate(checklist.questions):
        if number % 2:
            continue
        tab_until(page, radio_of(question.id))
        page.keyboard.press("ArrowDown")
        answered[question.id] = 1
    tab_until(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").is_visible()
    missing = [q for q in checklist.questions if q.id not in answered]
    hrefs = page.locator(".error-summary a").evaluate_all("links => links.map(a => a.hash)")
    assert hrefs == [f"#id_{q.id}_0" for q in missing]
    for question_id, index in answered.items():
        assert radio(page, question_id, index).is_checked(), f"{question_id}: answer lost"
    for question in missing:
        assert page.locator(f"input[name='{question.id}']:checked").count() == 0
