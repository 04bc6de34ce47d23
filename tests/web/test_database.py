"""The real database (PostgreSQL through DATABASE_URL) and the shared rate limit (Redis).

CI runs the `db` tests twice: on SQLite and on a real PostgreSQL server (`.ci/services`), and
the `redis` tests against a real Redis server (MESOGUIDE_TEST_REDIS_URL).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from articles.models import Feedback

REPO_ROOT = Path(__file__).resolve().parents[2]
PAGE = "/articles/first-article/"
SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
REDIS_URL = os.environ.get("MESOGUIDE_TEST_REDIS_URL", "")


def settings_with(drop=(), **env) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'], d.get('OPTIONS'))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    environment |= {"DJANGO_SETTINGS_MODULE": "mesoguide.settings"}
    environment |= {"DJANGO_DEBUG": "true", **env}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=environment,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_sqlite_is_the_embedded_default():
    engine, name, options = settings_with(drop=["DATABASE_URL"]).split(" ", 2)
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("db.sqlite3")
    # Parallel answers queue for the write lock instead of failing with "database is locked".
    assert "'transaction_mode': 'IMMEDIATE'" in options and "journal_mode=WAL" in options


def test_a_postgres_url_selects_psycopg_with_a_short_connect_timeout():
    found = settings_with(DATABASE_URL="postgres://editor:pw@db.internal:5432/mesoguide")
    assert found == "django.db.backends.postgresql mesoguide {'connect_timeout': 3}"
    import psycopg

    assert psycopg.__version__.startswith("3.")


@pytest.mark.db
@pytest.mark.django_db
def test_the_configured_database_is_the_one_in_use():
    """Guards the CI run: with a postgres:// DATABASE_URL the tests really ran on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM articles_feedback")
        assert cursor.fetchone() == (0,)


@pytest.mark.db
@pytest.mark.django_db(transaction=True)
def test_a_database_server_that_cannot_be_reached(small_site, client, monkeypatch, caplog):
    """A real refused connection (PostgreSQL only: an in-memory SQLite test DB cannot go away)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server; CI runs this on PostgreSQL")
    from articles import feedback

    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")  # nothing listens there
    monkeypatch.setattr(feedback.logger, "propagate", True)
    response = client.post("/feedback/", {"page": PAGE, "answer": "no"}, **SAME_ORIGIN)
    assert response.status_code == 503
    assert b"we could not save your answer" in response.content
    assert "Could not save feedback" in caplog.text
    assert client.get(PAGE).status_code == 200
    connection.close()
    monkeypatch.undo()
    assert not Feedback.objects.exists()


@pytest.mark.redis
@pytest.mark.django_db
def test_the_rate_limit_holds_across_instances_with_redis(small_site, client, settings):
    if not REDIS_URL:
        pytest.skip("set MESOGUIDE_TEST_REDIS_URL (CI starts Redis with .ci/services)")
    from django.core.cache.backends.redis import RedisCache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    settings.MESOGUIDE_FEEDBACK_PER_HOUR = 2
    cache.clear()
    try:
        for _ in range(2):
            assert client.post("/feedback/", {"page": PAGE, "answer": "yes"}).status_code == 200
        # Another instance (its own connection to the same Redis) sees the same count.
        other = RedisCache(REDIS_URL, {})
        keys = [key for key in other._cache.get_client().keys("*feedback-rate*")]
        assert len(keys) == 1
        assert int(other._cache.get_client().get(keys[0])) == 2
        cache.close()
        refused = client.post("/feedback/", {"page": PAGE, "answer": "yes"})
        assert refused.status_code == 429
        assert Feedback.objects.count() == 2
    finally:
        cache.clear()
