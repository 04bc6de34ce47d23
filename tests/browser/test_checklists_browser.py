"""A reader fills each checklist with the mouse; the result is ordered, counted and private."""

import pytest

from .helpers import LEVELS, choose_by_label, goto, load_checklist

pytestmark = pytest.mark.browser

DOM_ORDER_JS = """([first, second]) => {
  const a = document.querySelector(first), b = document.querySelector(second);
  return !!(a && b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING));
}"""


def plan_answers(checklist) -> list[tuple[int, str]]:
    """Per question, (choice index, level): stop, check, ok in turn where the choices allow."""
    plan = []
    for number, question in enumerate(checklist.questions):
        wanted = LEVELS[number % 3]
        for level in (wanted, *LEVELS):
            index = question.index_of_level(level)
            if index is not None:
                plan.append((index, level))
                break
    return plan


def words(text: str) -> str:
    return " ".join(text.split())


def test_mouse_filled_checklist_gives_an_ordered_private_result(
    page, base_url, checklist_slug, outside_requests
):
    checklist = load_checklist(checklist_slug)
    plan = plan_answers(checklist)
    pairs = list(zip(checklist.questions, plan, strict=True))
    chosen = {level: [q for q, (_, lvl) in pairs if lvl == level] for level in LEVELS}
    assert all(chosen.values()), f"{checklist_slug}: cannot mix stop, check and ok answers"

    form_url = base_url + checklist.path
    goto(page, form_url)
    for question, (index, _) in zip(checklist.questions, plan, strict=True):
        choose_by_label(page, question.id, index)
        assert page.locator(f"#id_{question.id}_{index}").is_checked()
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url == form_url
    ) as response_info:
        page.get_by_role("button", name="See my result").click()
    response = response_info.value
    page.wait_for_load_state("domcontentloaded")

    assert response.status == 200
    assert "no-store" in response.headers.get("cache-control", ""), response.headers
    assert page.url == form_url, "the result must not put answers (or anything) in the URL"

    # The verdict heading comes first, then stop, check and ok, in that order.
    headings = page.locator("main h1")
    assert headings.count() == 1
    assert words(headings.inner_text()).endswith(checklist.verdicts["stop"])
    assert page.evaluate(DOM_ORDER_JS, ["main h1.verdict", "#result-stop"])
    assert page.evaluate(DOM_ORDER_JS, ["#result-stop", "#result-check"])
    assert page.evaluate(DOM_ORDER_JS, ["#result-check", "#result-ok"])

    for level in LEVELS:
        expected = chosen[level]
        group = page.locator(f"section[aria-labelledby='result-{level}']")
        items = group.locator(".result-item__question")
        prefix = f"{checklist.level_labels[level]}: "
        shown = [words(text).removeprefix(prefix) for text in items.all_inner_texts()]
        assert shown == [q.text for q in expected], f"{level} group lists the wrong questions"
        assert str(len(expected)) in page.locator(f"#result-{level}").inner_text()
        count = words(page.locator(f".count--{level}").inner_text())
        plural = "" if len(expected) == 1 else "s"
        assert count == f"{checklist.level_labels[level]}: {len(expected)} answer{plural}"

    asks = [q.ask for q in chosen["stop"] + chosen["check"] if q.ask]
    listed = page.locator(".questions-to-ask li").all_inner_texts()
    assert [words(t) for t in listed] == asks

    assert page.context.cookies() == [], "the checklist flow set a cookie"
    assert outside_requests == [], f"requests to other hosts: {outside_requests}"


@pytest.mark.parametrize("path", ["/", "/warning-signs/", "/articles/risks-and-complications/"])
def test_a_full_page_load_requests_nothing_from_other_hosts(page, base_url, outside_requests, path):
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.goto(base_url + path, wait_until="networkidle")
    assert any(url.endswith("/site.css") for url in loaded), "own stylesheet did not load"
    assert any(url.endswith("/site.js") for url in loaded), "own script did not load"
    assert page.evaluate("document.styleSheets.length") >= 2
    assert outside_requests == [], f"requests to other hosts: {outside_requests}"


def test_the_outside_request_blocker_records_and_blocks(page, outside_requests):
    """Guards the fixture the tests above rely on."""
    from playwright.sync_api import Error

    with pytest.raises(Error):
        page.goto("https://example.com/")
    assert outside_requests == ["https://example.com/"]
