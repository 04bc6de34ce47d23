"""Search: plain queries find the right page; odd queries are handled calmly."""

import re

import pytest

from articles import search
from articles.content import load
from tests.factories import REAL_CONTENT_DIR

REGISTRY = load(REAL_CONTENT_DIR, include_drafts=False, log=False)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("infection", {"/articles/slow-infections/", "/articles/risks-and-complications/"}),
        ("how much does it cost", {"/articles/cost-and-expectations/"}),
        ("Kybella", {"/articles/ingredients/", "/articles/does-it-work/", "/articles/regulation/"}),
        ("pregnant", {"/articles/your-health-before-treatment/"}),
        ("warning signs", {"/warning-signs/"}),
        ("is it legal", {"/articles/regulation/"}),
    ],
)
def test_plain_queries_find_the_right_page_near_the_top(query, expected):
    top = [r.document.url for r in search.search(REGISTRY, query)[:3]]
    assert expected & set(top), (query, top)


def test_results_are_ranked_title_matches_first():
    results = search.search(REGISTRY, "glossary")
    assert results[0].document.url == "/articles/glossary/"
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)


def test_snippet_highlights_and_escapes():
    (result, *_) = search.search(REGISTRY, "infection")
    assert "<mark>" in result.snippet
    assert "<script" not in result.snippet


@pytest.mark.parametrize("query", ["", "   ", "the and of", "?!*", "<script>alert(1)</script>",
                                   "x" * 5000, "\x00\x01", "🙂🙂", "' OR 1=1 --"])  # fmt: skip
def test_strange_queries_are_calm(real_content, client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_no_match_suggests_warning_signs_and_the_index(real_content, client):
    html = client.get("/search/", {"q": "zzzqqq"}).content.decode()
    assert "No pages matched" in html
    assert 'href="/warning-signs/"' in html and 'href="/articles/"' in html


def test_search_page_lists_results_with_snippets(real_content, client):
    html = client.get("/search/", {"q": "infection"}).content.decode()
    assert "found for" in html
    assert '<a href="/articles/slow-infections/">' in html
    assert "<mark>" in html


def test_long_queries_are_cut(real_content, client):
    response = client.get("/search/", {"q": "infection " * 200})
    assert len(response.context["query"]) <= search.MAX_QUERY_CHARS


def test_search_form_works_without_javascript(real_content, client):
    html = client.get("/search/").content.decode()
    assert '<form class="search-form" action="/search/" method="get"' in html
    assert 'name="q"' in html


def test_snippets_show_the_regions_numbers_not_the_token(content_dir, client, settings):
    settings.MESOGUIDE_REGION = "UK"
    content_dir.warning_signs()
    content_dir.article(
        "first", body="If your lips swell, call [emergency number] now.[^1][^2][^3]\n"
    )
    html = client.get("/search/", {"q": "lips swell"}).content.decode()
    assert "call 999 now" in html
    assert "[emergency number]" not in html


def test_questions_of_common_words_still_find_the_answer(real_content, client):
    from articles.search import terms_of

    assert terms_of("How much?") == ["cost"]
    html = client.get("/search/", {"q": "how much"}).content.decode()
    assert "/articles/cost-and-expectations/" in html


def test_a_reader_who_has_booked_finds_the_page_by_their_own_words(real_content, client):
    for words in ["cancellation", "cooling-off", "deposit", "refund", "booked"]:
        html = client.get("/search/", {"q": words}).content.decode()
        results = re.findall(r'href="(/articles/[^"]+)"', html)
        assert results[0] == "/articles/already-booked/", (words, results[:3])
