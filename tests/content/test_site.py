"""Site-wide invariants over the real content: every page renders, one h1, help one tap away."""

import re

import pytest

from articles.content import load
from tests.factories import REAL_CONTENT_DIR

REAL = load(REAL_CONTENT_DIR, include_drafts=False, log=False)
PAGE_URLS = [*sorted(REAL.documents), "/", "/articles/", "/checklists/", "/search/?q=infection"]
CHECKLIST_URLS = [
    f"/checklists/{p.stem}/" for p in (REAL_CONTENT_DIR / "checklists").glob("*.yaml")
]
ARTICLES = [
    "what-is-mesotherapy", "history", "how-it-is-done", "ingredients", "does-it-work",
    "risks-and-complications", "slow-infections", "regulation", "choosing-a-practitioner",
    "your-health-before-treatment", "cost-and-expectations", "social-media-claims",
    "aftercare-and-recovery", "if-something-goes-wrong", "questions-and-answers", "glossary",
    "already-booked", "check-and-report", "informed-consent", "fake-products-and-home-injection",
    "less-common-harms", "eye-bags-dark-circles-and-loose-skin", "skin-claims", "quick-answers",
    "hair-loss", "body-image", "tested-alternatives",
]  # fmt: skip
SITE_PAGES = ["about", "editorial-policy", "privacy", "accessibility", "for-clinics"]


def test_real_content_has_no_errors():
    assert [str(p) for p in REAL.errors] == []


def test_every_article_and_site_page_exists():
    assert sorted(REAL.articles) == sorted(ARTICLES)
    assert sorted(REAL.pages) == sorted(SITE_PAGES)
    assert REAL.warning_signs is not None
    assert len(CHECKLIST_URLS) == 3


@pytest.mark.parametrize("url", PAGE_URLS + CHECKLIST_URLS)
def test_every_page_renders_with_one_h1_and_the_warning_signs_link(real_content, client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    assert 'href="/warning-signs/">Warning signs</a>' in header
    assert html.index('class="skip-link"') < html.index('<header class="site-header"')
    assert 'id="main"' in html
    assert "not medical advice" in html


@pytest.mark.parametrize("slug", ARTICLES)
def test_medical_articles_meet_the_content_rules(slug):
    document = REAL.articles[slug]
    assert document.grade <= 8
    assert len(document.sources) >= 3
    assert {s.type for s in document.sources} & {
        "regulator",
        "outbreak-report",
        "systematic-review",
    }
    assert (document.next_review - document.reviewed).days <= 3 * 366
    if document.section in ("safety", "evidence"):
        assert (document.next_review - document.reviewed).days <= 366
    assert "/warning-signs/" in document.html_for("US")


def test_sitemap_lists_every_article(real_content, client):
    body = client.get("/sitemap.xml").content.decode()
    for slug in ARTICLES:
        assert f"/articles/{slug}/</loc>" in body
    for slug in SITE_PAGES:
        assert f"/{slug}/</loc>" in body


def test_404_and_500_pages_link_to_warning_signs(real_content, client):
    assert b'href="/warning-signs/"' in client.get("/no-such-page/").content
    html = (REAL_CONTENT_DIR.parent / "templates" / "500.html").read_text()
    assert 'href="/warning-signs/"' in html


def test_no_page_loads_anything_from_another_host(real_content, client):
    for url in PAGE_URLS + CHECKLIST_URLS:
        html = client.get(url).content.decode()
        for attribute in re.findall(
            r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html
        ):
            if 'rel="canonical"' in attribute:
                continue
            assert not re.match(r"^(https?:)?//", attribute) or "testserver" in attribute, (
                url,
                attribute,
            )


def test_for_clinics_offers_qr_codes_and_the_feed(real_content, client):
    html = client.get("/for-clinics/").content.decode()
    assert 'href="/qr/articles/slow-infections/"' in html
    assert 'href="/feed/"' in html
