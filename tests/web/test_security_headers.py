"""Security headers on every kind of response, production settings, and no cookies anywhere."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ONE_YEAR = 31536000
ACCEPTABLE_REFERRER_POLICIES = {
    "strict-origin-when-cross-origin",
    "strict-origin",
    "same-origin",
    "no-referrer",
}
ANSWERS = {"who-injects": "yes", "sealed-needles": "no"}

# (id, method, path, expected status)
SURFACES = [
    ("content-page", "get", "/articles/first-article/", 200),
    ("home", "get", "/", 200),
    ("checklist-form", "get", "/checklists/practitioner/", 200),
    ("checklist-result", "post", "/checklists/practitioner/", 200),
    ("not-found", "get", "/no-such-page/", 404),
    ("static-file", "get", "/static/css/site.css", 200),
    ("warning-signs", "get", "/warning-signs/", 200),
    ("site-page", "get", "/about/", 200),
    ("feed", "get", "/feed/", 200),
    ("sitemap", "get", "/sitemap.xml", 200),
    ("qr-code", "get", "/qr/warning-signs/", 200),
    ("moved-page", "get", "/articles/old-first/", 301),
]


def fetch(client, method, path, **extra):
    if method == "post":
        return client.post(path, ANSWERS, **extra)
    return client.get(path, **extra)


def csp_directives(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_strict_csp(value: str, report_only=False):
    directives = csp_directives(value)
    assert "'unsafe-inline'" not in value and "'unsafe-eval'" not in value, value
    assert "unsafe" not in value.lower(), value
    assert directives.get("object-src") == ["'none'"]
    assert directives.get("base-uri") == ["'none'"]
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("form-action") == ["'self'"]
    assert directives.get("default-src") == (["'none'"] if report_only else ["'self'"])
    # Nothing from any other host: no wildcards, no schemes that allow any host.
    for name, sources in directives.items():
        for source in sources:
            assert "*" not in source and "://" not in source, (name, source)
            assert source.lower() not in {"http:", "https:", "blob:", "filesystem:"}, (name, source)
            if source == "data:":
                assert name == "img-src", name


def assert_security_headers(response):
    headers = response.headers
    assert_strict_csp(headers["Content-Security-Policy"])
    assert_strict_csp(headers["Content-Security-Policy-Report-Only"], report_only=True)
    assert headers["X-Content-Type-Options"] == "nosniff"
    policies = [p.strip() for p in headers["Referrer-Policy"].split(",")]
    assert policies[-1] in ACCEPTABLE_REFERRER_POLICIES
    permissions = dict(
        item.strip().split("=", 1) for item in headers["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions[feature] == "()", feature
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [pytest.param(*surface[1:], id=surface[0]) for surface in SURFACES],
)
def test_security_headers_on_every_kind_of_response(small_site, client, method, path, status):
    response = fetch(client, method, path)
    assert response.status_code == status
    assert_security_headers(response)
    # Plain HTTP: HSTS is meaningless there and browsers ignore it, so it is not sent.
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [pytest.param(*surface[1:], id=surface[0]) for surface in SURFACES],
)
def test_hsts_on_secure_requests(small_site, client, method, path, status):
    response = fetch(client, method, path, secure=True)
    assert response.status_code == status
    assert_security_headers(response)
    hsts = [part.strip() for part in response.headers["Strict-Transport-Security"].split(";")]
    max_age = next(int(part.split("=", 1)[1]) for part in hsts if part.startswith("max-age="))
    assert max_age >= ONE_YEAR
    assert "includeSubDomains" in hsts


def test_not_modified_response_keeps_the_security_headers(small_site, client):
    first = client.get("/articles/first-article/")
    again = client.get("/articles/first-article/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert_security_headers(again)


def test_static_file_is_really_served_by_whitenoise(small_site, client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == (REPO_ROOT / "static" / "css" / "site.css").read_bytes()


def test_the_header_checks_can_fail(small_site, client):
    response = client.get("/")
    response.headers["Content-Security-Policy"] += "; script-src 'self' 'unsafe-inline'"
    with pytest.raises(AssertionError):
        assert_security_headers(response)
    response = client.get("/")
    del response.headers["X-Frame-Options"]
    with pytest.raises(KeyError):
        assert_security_headers(response)
    with pytest.raises(AssertionError):
        assert_strict_csp("default-src 'self' https://cdn.example; object-src 'none'")


# --- Production settings, checked in a fresh interpreter ------------------------------------


def clean_env(**values) -> dict[str, str]:
    """The current environment without any Django or Mesoguide setting, plus `values`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "MESOGUIDE_", "DATABASE_", "REDIS_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "mesoguide.settings"
    env.update(values)
    return env


def run_python(*args, **env_values) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=clean_env(**env_values),
        capture_output=True,
        text=True,
        timeout=120,
    )


PRINT_HSTS = "import mesoguide.settings as s; print(s.DEBUG, s.SECURE_HSTS_SECONDS)"


def test_no_hsts_in_debug():
    result = run_python("-c", PRINT_HSTS, DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "0"]


def test_hsts_for_a_year_in_production():
    result = run_python("-c", PRINT_HSTS, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", str(ONE_YEAR)]


def test_check_deploy_is_clean_in_production():
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="example.org",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_would_catch_a_weak_setting():
    """The check above can fail: switching off the HTTPS redirect is reported."""
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_SECURE_SSL_REDIRECT="false",
    )  # fmt: skip
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


@pytest.mark.parametrize("debug", [None, "false", "0"])
def test_production_refuses_to_start_without_a_secret_key(debug):
    env = {} if debug is None else {"DJANGO_DEBUG": debug}
    result = run_python("manage.py", "check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    result = run_python("-c", "import django; django.setup()", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# --- No cookies ------------------------------------------------------------------------------

CONTENT_PAGES = [
    "/", "/articles/", "/articles/first-article/", "/articles/second-article/",
    "/warning-signs/", "/warning-signs/?region=UK", "/search/", "/search/?q=injection",
    "/checklists/", "/about/", "/feed/", "/sitemap.xml", "/robots.txt", "/qr/",
]  # fmt: skip


def assert_no_cookie(response):
    assert not response.cookies, response.cookies
    assert "Set-Cookie" not in response.headers
    vary = [v.strip().lower() for v in response.headers.get("Vary", "").split(",")]
    assert "cookie" not in vary


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_content_pages_set_no_cookie(small_site, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_no_cookie(response)
    assert "public" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [pytest.param(*surface[1:], id=surface[0]) for surface in SURFACES],
)
def test_no_response_sets_a_cookie_or_varies_on_one(small_site, client, method, path, status):
    assert_no_cookie(fetch(client, method, path))
    assert_no_cookie(fetch(client, method, path, secure=True))


def test_checklist_round_trip_leaves_no_cookie(small_site, client):
    form = client.get("/checklists/practitioner/")
    assert_no_cookie(form)
    assert "csrfmiddlewaretoken" not in form.content.decode()
    result = client.post("/checklists/practitioner/", ANSWERS)
    assert result.status_code == 200
    assert_no_cookie(result)
    problem = client.post("/checklists/practitioner/", {"who-injects": "yes"})
    assert b"There is a problem" in problem.content
    assert_no_cookie(problem)
    assert not client.cookies
