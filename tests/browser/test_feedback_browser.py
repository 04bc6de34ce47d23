""" "Was this page useful?" in a real browser: in place with JavaScript, by pages without it."""

import pytest
from django.core.cache import cache

from articles.models import Feedback

from .helpers import goto

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "/articles/how-it-is-done/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


def test_with_javascript_the_answer_and_comment_are_sent_in_place(page, base_url):
    goto(page, base_url + ARTICLE)
    section = page.locator("[data-feedback]")
    section.get_by_role("button", name="No").click()
    status = section.get_by_role("status")
    status.filter(has_text="Thank you for your answer.").wait_for()
    assert page.url == base_url + ARTICLE  # no navigation
    assert section.get_by_role("button", name="Yes").is_hidden()
    box = section.get_by_label("What was missing or wrong? (optional)")
    assert page.evaluate("document.activeElement.id") == "feedback-comment"  # focus moved on
    box.fill("Say more about cost. Mail me: jo@example.com")
    section.get_by_role("button", name="Send comment").click()
    status.filter(has_text="We read every comment").wait_for()
    assert box.is_hidden()
    (stored,) = Feedback.objects.all()
    assert (stored.page, stored.answer) == (ARTICLE, "no")
    assert stored.comment == "Say more about cost. Mail me: [email removed]"


def test_without_javascript_the_forms_post_and_a_page_answers(new_page, base_url):
    page = new_page(java_script_enabled=False)
    goto(page, base_url + ARTICLE)
    assert page.locator("[data-feedback-comment]").is_hidden()
    with page.expect_navigation():
        page.locator("[data-feedback]").get_by_role("button", name="Yes").click()
    assert page.url == base_url + "/feedback/"
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
    page.get_by_label("What was missing or wrong? (optional)").fill("All clear, thanks.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send comment").click()
    assert "We read every comment" in page.locator("main").inner_text()
    page.get_by_role("link", name="Back to the page").click()
    assert page.url == base_url + ARTICLE
    (stored,) = Feedback.objects.all()
    assert (stored.answer, stored.comment) == ("yes", "All clear, thanks.")


def test_the_honeypot_cannot_be_reached_by_keyboard(page, base_url):
    goto(page, base_url + ARTICLE)
    page.locator("[data-feedback]").get_by_role("button", name="Yes").focus()
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("document.activeElement.name || document.activeElement.tagName")
    assert focused != "website"
    assert page.locator("input[name=website]").first.bounding_box()["x"] < 0
