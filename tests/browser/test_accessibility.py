"""axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds nothing on any kind of page."""

import pytest

from .helpers import (
    article_paths,
    goto,
    load_checklist,
    result_of_first_choices,
    scan,
    sitemap_paths,
    submit_empty,
)

pytestmark = pytest.mark.browser


def assert_no_reports(reports):
    reports = [r for r in reports if r]
    assert not reports, "\n\n".join(reports)


def test_every_sitemap_page(page, base_url, outside_requests):
    reports = []
    for path in sitemap_paths(page, base_url):
        goto(page, base_url + path)
        reports.append(scan(page, path))
    assert_no_reports(reports)
    assert outside_requests == [], f"requests to other hosts: {outside_requests}"


def test_checklist_form_error_state_and_result(page, base_url, checklist_slug):
    checklist = load_checklist(checklist_slug)
    goto(page, base_url + checklist.path)
    reports = [scan(page, checklist.path)]
    submit_empty(page, base_url, checklist)
    reports.append(scan(page, f"{checklist.path} submitted empty"))
    result_of_first_choices(page, base_url, checklist)
    reports.append(scan(page, f"{checklist.path} result (first answer to each question)"))
    assert_no_reports(reports)


def test_checklist_index_search_and_404(page, base_url):
    reports = []
    for path, status in [
        ("/checklists/", 200),
        ("/search/", 200),
        ("/search/?q=infection", 200),
        ("/search/?q=zzxqvw", 200),
        ("/no-such-page-here/", 404),
        ("/articles/no-such-article/", 404),
    ]:
        goto(page, base_url + path, status=status)
        reports.append(scan(page, f"{path} ({status})"))
    assert page.locator("h1").inner_text() == "Page not found"
    assert_no_reports(reports)


def test_search_pages_show_what_was_scanned(page, base_url):
    """Guards the scans above: the query page lists results, the other says none matched."""
    goto(page, base_url + "/search/?q=infection")
    assert page.locator(".search-results li").count() > 0
    goto(page, base_url + "/search/?q=zzxqvw")
    assert page.locator(".no-results").is_visible()


def test_dark_colour_scheme(new_page, base_url):
    page = new_page(color_scheme="dark")
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    checklist = load_checklist("practitioner")
    an_article = article_paths(sitemap_paths(page, base_url))[0]
    reports = []
    for path in ["/", an_article, "/warning-signs/", "/checklists/", checklist.path]:
        goto(page, base_url + path)
        reports.append(scan(page, f"{path} (dark)"))
    submit_empty(page, base_url, checklist)
    reports.append(scan(page, f"{checklist.path} submitted empty (dark)"))
    result_of_first_choices(page, base_url, checklist)
    reports.append(scan(page, f"{checklist.path} result (dark)"))
    assert_no_reports(reports)
