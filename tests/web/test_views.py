"""Each view: status, template, context, redirects and what a broken file does to the rest."""

import re

from tests.factories import front_matter


def test_home_lists_sections_checklists_and_warning_signs(small_site, client):
    response = client.get("/")
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "mesoguide/home.html"
    sections = response.context["sections"]
    assert [(key, [d.slug for d in docs]) for key, _, docs in sections] == [
        ("basics", ["first-article", "second-article"])
    ]
    assert [c.slug for c in response.context["checklists"]] == ["practitioner"]
    assert b'href="/warning-signs/"' in response.content


def test_article_list_groups_by_section(small_site, client):
    small_site.article("later", title="Later", section="after")
    response = client.get("/articles/")
    assert response.status_code == 200
    titles = [title for _, title, _ in response.context["sections"]]
    assert titles == ["The basics", "After treatment"]


def test_article_page_shows_dates_contents_sources_and_neighbours(small_site, client):
    response = client.get("/articles/first-article/")
    assert response.status_code == 200
    assert response.context["document"].slug == "first-article"
    assert response.context["next"].slug == "second-article"
    assert response.context["previous"] is None
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'Page last reviewed: <time datetime="2026-11-01">1 November 2026</time>' in html
    assert html.index("Page last reviewed") < html.index('id="what-happens"')
    assert '<a href="#what-happens">What happens</a>' in html
    assert (
        '<li id="source-1">' in html and 'href="https://pubmed.ncbi.nlm.nih.gov/16681654/"' in html
    )
    assert 'href="#source-1"' in html
    assert 'rel="next"' in html
    assert "<title>First article | Mesoguide</title>" in html
    assert 'name="description" content="A short summary of the test article."' in html


def test_unknown_article_is_a_friendly_404_linking_to_warning_signs(small_site, client):
    response = client.get("/articles/nothing-here/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'href="/warning-signs/"' in response.content


def test_alias_redirects_permanently(small_site, client):
    response = client.get("/articles/old-first/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/articles/first-article/"


def test_page_alias_redirects_permanently(content_dir, client):
    content_dir.page("about-us", aliases="[who-we-are]")
    response = client.get("/who-we-are/")
    assert response.status_code == 301 and response.headers["Location"] == "/about-us/"


def test_site_page_is_served_at_its_slug(small_site, client):
    response = client.get("/about/")
    assert response.status_code == 200
    assert response.context["document"].title == "About Mesoguide"
    assert next(t.name for t in response.templates) == "mesoguide/page.html"


def test_a_broken_file_does_not_stop_other_pages(small_site, client):
    small_site.write("articles/broken.md", front_matter(reviewed="not-a-date") + "Body\n")
    small_site.write("articles/scripted.md", front_matter() + "<script>alert(1)</script>\n")
    small_site.write("articles/bad-yaml.md", "---\ntitle: [\n---\nBody\n")
    for url in ("/", "/articles/", "/articles/first-article/", "/warning-signs/", "/sitemap.xml"):
        assert client.get(url).status_code == 200, url
    assert client.get("/articles/broken/").status_code == 404
    assert client.get("/articles/scripted/").status_code == 404


def test_a_broken_file_is_logged(small_site, client, caplog):
    small_site.write("articles/broken.md", front_matter(title=None) + "Body\n")
    client.get("/")
    assert "broken.md:1: title: required" in caplog.text


def test_drafts_are_hidden_without_debug(small_site, client, settings):
    small_site.article("secret", draft="true")
    assert client.get("/articles/secret/").status_code == 404
    assert b"/articles/secret/" not in client.get("/sitemap.xml").content


def test_drafts_render_with_debug(small_site, client, settings):
    settings.DEBUG = True
    small_site.article("secret", draft="true")
    assert client.get("/articles/secret/").status_code == 200


def test_healthz_is_plain_ok_without_the_database(client):
    # No django_db mark: any database access here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response.headers["Content-Type"].startswith("text/plain")


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert b"Sitemap: http://testserver/sitemap.xml" in response.content


def test_sitemap_lists_every_published_page_with_lastmod(small_site, client):
    small_site.article("secret", draft="true")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", response.content.decode())
    for path in (
        "/",
        "/articles/",
        "/checklists/",
        "/articles/first-article/",
        "/articles/second-article/",
        "/about/",
        "/warning-signs/",
    ):
        assert path in locations
    assert "/articles/secret/" not in locations
    assert "<lastmod>2026-11-01</lastmod>" in response.content.decode()


def test_feed_lists_pages_newest_review_first(small_site, client):
    small_site.article("fresh", title="Fresh page", reviewed="2026-11-20", next_review="2027-11-20")
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.index("Fresh page") < body.index("First article")
    assert "http://testserver/articles/fresh/" in body


def test_qr_code_only_for_own_pages(small_site, client):
    response = client.get("/qr/articles/first-article/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") and b"<svg" in response.content
    assert client.get("/qr/").status_code == 200
    assert client.get("/qr/not/a/page/").status_code == 404
    assert client.get("/qr/https://evil.example/").status_code == 404


def test_every_page_prints_its_address_dates_and_qr(small_site, client):
    html = client.get("/articles/first-article/").content.decode()
    footer = html[html.index('class="print-footer"') :]
    assert "http://testserver/articles/first-article/" in footer
    assert "Page last reviewed: 1 November 2026" in footer
    assert "<svg" in footer


def test_json_ld_describes_a_medical_web_page(small_site, client):
    import json

    html = client.get("/articles/first-article/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2026-11-01"
    assert data["medicalAudience"]["audienceType"] == "Patient"
    assert len(data["citation"]) == 3
    assert data["citation"][1]["url"] == "https://pubmed.ncbi.nlm.nih.gov/16681654/"


def test_open_graph_and_canonical(small_site, client):
    html = client.get("/articles/first-article/").content.decode()
    assert '<link rel="canonical" href="http://testserver/articles/first-article/">' in html
    assert '<meta property="og:title" content="First article">' in html


def test_canonical_uses_the_configured_base_url(small_site, client, settings):
    settings.MESOGUIDE_BASE_URL = "https://mesoguide.example.org"
    html = client.get("/articles/first-article/").content.decode()
    assert 'href="https://mesoguide.example.org/articles/first-article/"' in html
