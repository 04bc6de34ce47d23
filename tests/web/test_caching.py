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


def test_pages_render_once_per_process(small_site, client):
    first = client.get("/articles/first-article/")
    again = client.get("/articles/first-article/")
    assert first.templates and not again.templates  # the second came from the memo
    assert again.content == first.content
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert again.headers["ETag"] == first.headers["ETag"]


def test_memo_is_keyed_by_query_and_host(small_site, client):
    us = client.get("/warning-signs/").content
    uk = client.get("/warning-signs/?region=UK").content
    assert us != uk
    other_host = client.get("/warning-signs/", HTTP_HOST="localhost").content
    assert b"http://localhost/warning-signs/" in other_host


def test_memo_starts_over_when_content_reloads(small_site, client, settings):
    client.get("/articles/first-article/")
    small_site.article("first-article", title="A new title", aliases="[old-first]")
    assert b"A new title" in client.get("/articles/first-article/").content


def test_checklist_answers_are_never_memoized(small_site, client):
    stop = client.post("/checklists/practitioner/", {"who-injects": "no", "sealed-needles": "no"})
    fine = client.post("/checklists/practitioner/", {"who-injects": "yes", "sealed-needles": "yes"})
    assert b"Stop: do not go ahead" in stop.content
    assert b"Nothing here stops you" in fine.content
    blank = client.get("/checklists/practitioner/")
    assert b"There is a problem" not in blank.content and b"checked" not in blank.content


def test_memo_is_bounded(small_site, client):
    from mesoguide import caching

    for number in range(caching.MEMO_SIZE + 20):
        client.get("/search/", {"q": f"word{number}"})
    assert len(caching._memo) <= caching.MEMO_SIZE
