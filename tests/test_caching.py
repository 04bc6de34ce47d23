"""HTTP caching: public content pages with ETag/Last-Modified and 304s; private checklists."""

import pytest

CONTENT_URLS = [
    "/",
    "/articles/",
    "/articles/first-article/",
    "/warning-signs/",
    "/about/",
    "/checklists/",
    "/sitemap.xml",
    "/feed/",
]


@pytest.mark.parametrize("url", CONTENT_URLS)
def test_content_pages_are_publicly_cacheable(small_site, client, url):
    response = client.get(url)
    assert response.status_code == 200
    cache_control = response.headers["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=300" in cache_control
    assert "stale-while-revalidate=" in cache_control
    assert response.headers["ETag"].startswith('"')  # strong, not W/
    assert "Last-Modified" in response.headers
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


@pytest.mark.parametrize("url", CONTENT_URLS)
def test_conditional_request_gets_304(small_site, client, url):
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    changed = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200


def test_if_modified_since_gets_304(small_site, client):
    first = client.get("/articles/first-article/")
    assert first.headers["Last-Modified"] == "Sun, 01 Nov 2026 00:00:00 GMT"
    again = client.get(
        "/articles/first-article/", HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"]
    )
    assert again.status_code == 304


def test_etag_changes_when_content_changes(small_site, client, settings):
    settings.MESOGUIDE_RELOAD_CONTENT = True
    before = client.get("/articles/first-article/").headers["ETag"]
    small_site.article("first-article", title="First article, revised", aliases="[old-first]")
    after = client.get("/articles/first-article/").headers["ETag"]
    assert before != after


def test_checklists_are_never_stored(small_site, client):
    for response in (
        client.get("/checklists/practitioner/"),
        client.post("/checklists/practitioner/", {"who-injects": "yes", "sealed-needles": "yes"}),
    ):
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"]
        assert "private" in response.headers["Cache-Control"]
        assert "public" not in response.headers["Cache-Control"]
        assert "ETag" not in response.headers
