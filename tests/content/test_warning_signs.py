"""The warning-signs page: four cards in order, bullets capped, numbers by region."""

import re

import pytest

LEVELS = ["emergency", "urgent", "soon", "expected"]
LABELS = {"emergency": "Emergency", "urgent": "Urgent", "soon": "Soon", "expected": "Expected"}


@pytest.fixture
def page(real_content, client):
    response = client.get("/warning-signs/")
    assert response.status_code == 200
    return response.content.decode()


def cards(html):
    return re.findall(
        r'<section class="care-card care-card--(\w+)">(.*?)</section>', html, flags=re.S
    )


def calls(card, number):
    """The card's heading tells the reader to call `number`, as a tap-to-call link."""
    return f'Call <a class="tel" href="tel:{number}">{number}</a>' in card


def test_four_cards_render_most_serious_first(page):
    assert [level for level, _ in cards(page)] == LEVELS


def test_each_card_has_a_visible_label_and_hidden_prefix(page):
    for level, body in cards(page):
        assert f'class="care-card__label">{LABELS[level]}</p>' in body
        assert f'<span class="visually-hidden">{LABELS[level]}: </span>' in body


def test_bullets_are_capped(page):
    for level, body in cards(page):
        bullets = len(re.findall(r"<li>", body))
        assert 1 <= bullets <= 6, (level, bullets)  # issue 10: at most 6 a card


def test_emergency_card_comes_straight_after_the_heading(page):
    main = page[page.index('<main id="main"') :]
    h1_end = main.index("</h1>")
    first_card = main.index('<section class="care-card care-card--emergency">')
    between = main[h1_end:first_card]
    assert "<img" not in between and "<svg" not in between
    assert "care-card" not in between
    assert "<h2" not in between


def test_default_region_numbers_are_in_the_headings(page):
    emergency = dict(cards(page))["emergency"]
    assert calls(emergency, "911")
    assert "[emergency number]" not in page and "[urgent help]" not in page


@pytest.mark.parametrize(
    ("query", "number"), [("UK", "999"), ("uk", "999"), ("EU", "112"), ("AU", "000"), ("CA", "911")]
)
def test_region_switching_by_plain_link(real_content, client, query, number):
    response = client.get(f"/warning-signs/?region={query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert calls(dict(cards(html))["emergency"], number)
    assert not response.cookies


def test_uk_urgent_card_mentions_111(real_content, client):
    html = client.get("/warning-signs/?region=UK").content.decode()
    assert "111" in dict(cards(html))["urgent"]


@pytest.mark.parametrize("query", ["XX", "", "<script>", "u" * 500, "US%00"])
def test_unknown_region_falls_back_to_the_default(real_content, client, query, settings):
    html = client.get("/warning-signs/", {"region": query}).content.decode()
    assert calls(dict(cards(html))["emergency"], "911")
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_default_region_comes_from_settings(real_content, client, settings):
    settings.MESOGUIDE_REGION = "UK"
    html = client.get("/warning-signs/").content.decode()
    assert calls(dict(cards(html))["emergency"], "999")


def test_the_page_lists_numbers_for_other_countries(page):
    for name, number in [
        ("United Kingdom", "999"),
        ("European Union", "112"),
        ("Australia", "000"),
    ]:
        assert re.search(rf'{name}</a>: emergency <a class="tel" href="tel:{number}">', page)
    assert 'href="?region=UK"' in page


def test_sources_and_review_dates_are_shown(page):
    assert "Page last reviewed:" in page and "Next review due:" in page
    assert len(re.findall(r'<li id="source-\d+">', page)) >= 3


def test_links_onward(page):
    for slug in ("if-something-goes-wrong", "slow-infections", "aftercare-and-recovery"):
        assert f'href="/articles/{slug}/"' in page


def test_aftercare_article_links_to_warning_signs(real_content, client):
    html = client.get("/articles/aftercare-and-recovery/").content.decode()
    body = html[html.index('class="document__body"') :]
    assert 'href="/warning-signs/"' in body
