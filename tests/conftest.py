"""Fixtures only: content folders in tmp_path, and the real site loaded once per session."""

import logging

import pytest

from articles.content import load
from tests.factories import REAL_CONTENT_DIR, ContentFolder


@pytest.fixture
def content_dir(tmp_path, settings) -> ContentFolder:
    """An empty content folder the site is pointed at; write files into it."""
    folder = ContentFolder(tmp_path / "content")
    settings.MESOGUIDE_CONTENT_DIR = folder.root
    return folder


@pytest.fixture
def small_site(content_dir) -> ContentFolder:
    """Two articles, a site page, the warning-signs page and a checklist."""
    content_dir.article("first-article", title="First article", order=10, aliases="[old-first]")
    content_dir.article("second-article", title="Second article", order=20)
    content_dir.page("about", title="About Mesoguide")
    content_dir.warning_signs()
    content_dir.checklist()
    return content_dir


@pytest.fixture(scope="session")
def real_registry():
    """The real content, loaded once for every test that only reads it."""
    return load(REAL_CONTENT_DIR, include_drafts=False, log=False)


@pytest.fixture
def real_content(settings):
    """The site's real content folder."""
    settings.MESOGUIDE_CONTENT_DIR = REAL_CONTENT_DIR
    return REAL_CONTENT_DIR


# Every logger a request may write to, including those that do not propagate to the root.
LOGGERS = ("", "django", "django.request", "django.server", "django.security",
           "django.db.backends", "mesoguide.content", "checklists", "articles")  # fmt: skip


@pytest.fixture
def all_logs(caplog):
    """Every log record at DEBUG, including loggers that do not propagate."""
    caplog.set_level(logging.DEBUG)
    saved = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level))
        logger.setLevel(logging.DEBUG)
        if name and not logger.propagate:
            logger.addHandler(caplog.handler)
    yield caplog
    for logger, level in saved:
        logger.setLevel(level)
        if caplog.handler in logger.handlers and logger.name != "root":
            logger.removeHandler(caplog.handler)


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The .mo files are built, not committed: compile them once, as `make test` does."""
    from mesoguide.translations import catalogues, compile_catalogue

    for path in catalogues():
        compile_catalogue(path)
