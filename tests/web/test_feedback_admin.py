"""The editors' admin: off unless configured, the only place a cookie is set, browse and delete."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from articles.models import Feedback

REPO_ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django; django.setup(); from django.conf import settings; from django.urls import "
    "resolve; print(sorted(a for a in settings.INSTALLED_APPS if a.startswith('django.contrib')));"
    "print([m for m in settings.MIDDLEWARE if 'session' in m or 'auth' in m]);"
    "print(resolve('/admin/').func.__name__)"
)


def probe(**env) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "MESOGUIDE_ADMIN"}
    environment |= {"DJANGO_SETTINGS_MODULE": "mesoguide.settings", "DJANGO_DEBUG": "true", **env}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO_ROOT, env=environment,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout.splitlines()


@pytest.mark.parametrize("env", [{}, {"MESOGUIDE_ADMIN": "false"}])
def test_the_admin_is_off_unless_configured(env):
    apps, middleware, admin_view = probe(**env)
    assert apps == "['django.contrib.sitemaps', 'django.contrib.staticfiles']"
    assert middleware == "[]"
    assert admin_view == "page"  # /admin/ is just an unknown site page (404)


def test_the_admin_is_on_when_configured():
    apps, middleware, admin_view = probe(MESOGUIDE_ADMIN="true")
    assert "'django.contrib.admin'" in apps and "'django.contrib.sessions'" in apps
    assert "django.contrib.sessions.middleware.SessionMiddleware" in middleware
    assert admin_view == "index"


@pytest.mark.db
@pytest.mark.django_db
def test_editors_browse_and_delete_feedback(small_site, admin_client):
    kept = Feedback.objects.create(
        page="/about/", answer="yes", comment="Clear", date=datetime.date.today()
    )
    gone = Feedback.objects.create(
        page="/articles/first-article/", answer="no", comment="Vague", date=datetime.date.today()
    )
    listing = admin_client.get("/admin/articles/feedback/")
    assert listing.status_code == 200
    assert b"/articles/first-article/" in listing.content and b"Vague" in listing.content
    assert (
        admin_client.get("/admin/articles/feedback/?answer__exact=no").content.count(
            b"/articles/first-article/"
        )
        >= 1
    )
    assert admin_client.get("/admin/articles/feedback/add/").status_code == 403
    deleted = admin_client.post(f"/admin/articles/feedback/{gone.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert list(Feedback.objects.all()) == [kept]


@pytest.mark.db
@pytest.mark.django_db
def test_the_admin_login_is_the_only_place_a_cookie_is_set(small_site, client, admin_user):
    assert client.get("/admin/login/").cookies  # the login form's CSRF cookie
    client.force_login(admin_user)
    for path in ("/", "/articles/first-article/", "/about/", "/warning-signs/"):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path
        assert "cookie" not in response.headers.get("Vary", "").lower(), path
