"""The privacy page says exactly what feedback stores and for how long."""

from django.conf import settings

from articles.models import Feedback
from tests.factories import REAL_CONTENT_DIR

PRIVACY = (REAL_CONTENT_DIR / "pages" / "privacy.md").read_text()


def section(title: str) -> str:
    start = PRIVACY.index(f"## {title}")
    end = PRIVACY.find("\n## ", start + 3)
    return PRIVACY[start : end if end > 0 else None]


def test_the_privacy_page_lists_each_stored_field_and_no_other():
    text = section("Was this page useful?")
    assert "we keep exactly these four things" in text
    stored = {f.name for f in Feedback._meta.get_fields()} - {"id"}
    described = {
        "page": "the address of the page",
        "answer": "your answer, yes or no",
        "comment": "anything that looks like an email address or phone number",
        "date": "the day you answered, but not the time",
    }
    assert set(described) == stored
    for phrase in described.values():
        assert phrase in text
    for not_kept in ("internet (IP) address", "type of browser", "a cookie"):
        assert not_kept in text


def test_the_stated_retention_period_is_the_purge_default():
    assert "We delete each answer 12 months after the day it was given." in PRIVACY
    assert settings.MESOGUIDE_FEEDBACK_RETENTION_DAYS == 365
