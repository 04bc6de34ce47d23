"""Development (`make run`, DEBUG): edits show on the next request; broken files say why."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ERROR_MIDDLEWARE = "mesoguide.middleware.ContentErrorMiddleware"


@pytest.fixture
def development(settings, small_site):
    """The settings `make run` uses: DEBUG on, content reloading, the content-error page."""
    settings.DEBUG = True
    settings.MESOGUIDE_RELOAD_CONTENT = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, ERROR_MIDDLEWARE]
    return small_site


def test_debug_settings_install_the_error_page_and_production_does_not():
    code = (
        "import django; django.setup(); from django.conf import settings as s; print(s.MIDDLEWARE)"
    )

    def middleware(**env):
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "mesoguide.settings", **env}
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO_ROOT, env=environment,
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return result.stdout

    assert ERROR_MIDDLEWARE in middleware(DJANGO_DEBUG="true")
    assert ERROR_MIDDLEWARE not in middleware(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)


def test_an_edited_page_shows_on_the_next_request(development, client):
    assert b"First article" in client.get("/articles/first-article/").content
    development.article("first-article", title="First article, edited", aliases="[old-first]")
    assert b"First article, edited" in client.get("/articles/first-article/").content


@pytest.mark.parametrize("path", ["/articles/first-article/", "/", "/about/", "/warning-signs/"])
def test_development_pages_are_revalidated_on_every_visit(development, client, path):
    response = client.get(path)
    cache_control = response.headers["Cache-Control"]
    assert "no-cache" in cache_control
    assert "max-age=300" not in cache_control and "public" not in cache_control
    # The review date would call an edited page "not modified"; only the ETag decides.
    assert "Last-Modified" not in response.headers
    assert client.get(path, HTTP_IF_NONE_MATCH=response.headers["ETag"]).status_code == 304


def test_a_revalidated_page_is_sent_again_once_edited(development, client):
    etag = client.get("/articles/first-article/").headers["ETag"]
    development.article("first-article", title="Changed", aliases="[old-first]")
    again = client.get("/articles/first-article/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert b"Changed" in again.content


def test_a_broken_file_shows_file_line_and_field_in_development(development, client):
    development.article("first-article", title="First article", reviewed="2026-13-45")
    response = client.get("/articles/first-article/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "file has a problem" in html
    assert "content/articles/first-article.md" in html
    assert "<span data-line>6</span>" in html  # `reviewed:` is on line 6 of the front matter
    assert "<code>reviewed</code>" in html
    assert "Set-Cookie" not in response.headers


def test_a_broken_site_page_and_warning_signs_page_also_explain(development, client):
    development.page("about", title="About", summary=None)
    assert b"content/pages/about.md" in client.get("/about/").content
    development.write("warning-signs.md", "no front matter at all\n")
    response = client.get("/warning-signs/")
    assert response.status_code == 500
    assert b"content/warning-signs.md" in response.content
    assert b"missing front matter" in response.content


def test_a_broken_checklist_and_tool_also_explain(development, client):
    from tests.tool_fixtures import DIARY_YAML, write_tool

    development.checklist(text="title: Check the practitioner\n")
    response = client.get("/checklists/practitioner/")
    assert response.status_code == 500
    assert b"content/checklists/practitioner.yaml" in response.content
    write_tool(development, "diary", DIARY_YAML.replace("rows: 5", "rows: 500"))
    response = client.get("/after-treatment/diary/")
    assert response.status_code == 500
    assert b"content/tools/diary.yaml" in response.content
    assert b"rows must be a whole number from 1 to 31" in response.content


def test_the_error_page_follows_the_urlconf_not_a_copy_of_it(development, client, settings):
    # Every address moved under /en/: a hand copy of the layout would no longer find the file.
    settings.ROOT_URLCONF = "tests.web.prefixed_urls"
    development.article("first-article", title="First article", reviewed="2026-13-45")
    assert client.get("/articles/first-article/").status_code == 404
    response = client.get("/en/articles/first-article/")
    assert response.status_code == 500
    assert b"content/articles/first-article.md" in response.content
    development.page("about", title="About", summary=None)
    assert b"content/pages/about.md" in client.get("/en/about/").content


def test_unknown_pages_are_still_a_404_in_development(development, client):
    assert client.get("/articles/no-such-article/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_production_shows_a_plain_404_for_a_broken_file(small_site, client):
    small_site.article("first-article", title="First article", reviewed="2026-13-45")
    response = client.get("/articles/first-article/")
    assert response.status_code == 404
    assert b"content/articles" not in response.content
    assert b"Page not found" in response.content
