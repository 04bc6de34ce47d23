"""Real-browser fixtures: one system Chromium per session, a fresh context per test.

The site is served by pytest-django's `live_server` from the REAL content folder. Every
request the page makes to a host other than the live server is blocked and recorded in
`outside_requests`, so a test can assert that a page loads nothing from anywhere else.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories import clear_caches

from .helpers import CHECKLIST_SLUGS

# Playwright's sync API runs an event loop in this thread; Django's "async unsafe" guard
# would otherwise refuse the database work pytest-django's live_server does between tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_VIEWPORT = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items):
    """Everything in this folder is a browser test, even if a marker is forgotten."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def pytest_generate_tests(metafunc):
    """A test that takes `checklist_slug` runs once per file in content/checklists/."""
    if "checklist_slug" in metafunc.fixturenames:
        metafunc.parametrize("checklist_slug", CHECKLIST_SLUGS)


def chromium_path() -> str | None:
    configured = os.environ.get("MESOGUIDE_CHROMIUM", "").strip()
    if configured:
        found = shutil.which(configured)
        return found or (configured if Path(configured).is_file() else None)
    return next((path for path in CHROMIUM_CANDIDATES if Path(path).is_file()), None)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's chromium package to run browser tests"
        if os.environ.get("MESOGUIDE_REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"{message} (MESOGUIDE_REQUIRE_BROWSER=1, so browser tests may not be "
                f"skipped; looked at $MESOGUIDE_CHROMIUM and {', '.join(CHROMIUM_CANDIDATES)})",
                pytrace=False,
            )
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def _content_loaded_once():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _serve_real_content(_content_loaded_once, real_content):
    """Point the site (and so the live server thread) at content/ before any request."""
    return real_content


@pytest.fixture
def base_url(live_server) -> str:
    return live_server.url.rstrip("/")


@pytest.fixture
def outside_requests() -> list[str]:
    """Every URL a page of this test tried to load from another host (all were blocked)."""
    return []


@pytest.fixture
def new_page(browser, base_url, outside_requests):
    """Factory: a page in a new browser context (closed after the test).

    Keyword arguments go to `browser.new_context`, e.g. `java_script_enabled=False`.
    """
    server = urlsplit(base_url)
    contexts = []

    def block_outside(route):
        url = urlsplit(route.request.url)
        if url.scheme in {"data", "blob"} or (
            url.scheme == server.scheme and url.netloc == server.netloc
        ):
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort("blockedbyclient")

    def make(**context_options):
        context_options.setdefault("viewport", DEFAULT_VIEWPORT)
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.route("**/*", block_outside)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page at 1280x800 with JavaScript on, in its own context."""
    return new_page()
