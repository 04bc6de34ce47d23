"""Issue 11, HTTP findings: each test failed on the code before the fix."""

import logging
import re

import pytest
from django.core.files import uploadedfile

CHECKLIST = "/checklists/practitioner/"
NO_STORE = ("private", "no-store")


def assert_no_store(response):
    cache_control = response.headers.get("Cache-Control", "")
    for word in NO_STORE:
        assert word in cache_control, cache_control
    assert "public" not in cache_control


def multipart(parts: list[tuple[str, str | None, bytes]], boundary="XyZ") -> bytes:
    lines = []
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"'
        if filename:
            disposition += f'; filename="{filename}"'
        lines.append(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode())
        if filename:
            lines.append(b"Content-Type: application/octet-stream\r\n")
        lines.append(b"\r\n" + data + b"\r\n")
    lines.append(f"--{boundary}--\r\n".encode())
    return b"".join(lines)


# --- Uploads: a file part is refused and nothing is spooled to disk -------------------------


def test_file_part_is_refused_and_never_written_to_disk(small_site, client, monkeypatch, settings):
    written = []
    real = uploadedfile.tempfile.NamedTemporaryFile

    def spy(*args, **kwargs):
        written.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", spy)
    body = multipart([("who-injects", None, b"yes"), ("upload", "big.bin", b"x" * 3_000_000)])
    response = client.generic(
        "POST", CHECKLIST, body, content_type="multipart/form-data; boundary=XyZ"
    )
    assert response.status_code == 400
    assert_no_store(response)
    assert written == []
    assert b"could not read that" in response.content


def test_small_file_part_is_refused_too(small_site, client):
    body = multipart([("who-injects", None, b"yes"), ("upload", "a.txt", b"hello")])
    response = client.generic(
        "POST", CHECKLIST, body, content_type="multipart/form-data; boundary=XyZ"
    )
    assert response.status_code == 400
    assert_no_store(response)


def test_multipart_answers_without_files_still_work(small_site, client):
    body = multipart([("who-injects", None, b"yes")])
    response = client.generic(
        "POST", CHECKLIST, body, content_type="multipart/form-data; boundary=XyZ"
    )
    assert response.status_code == 200
    assert_no_store(response)


def test_body_much_larger_than_any_answers_is_refused(small_site, client):
    body = b"who-injects=yes&padding=" + b"a" * 200_000
    response = client.generic(
        "POST", CHECKLIST, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert_no_store(response)


# --- Checklist 400s from body parsing are private, no-store ---------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("&".join(f"f{i}=1" for i in range(1500)).encode(), "application/x-www-form-urlencoded"),
        (b"--x\r\nbroken", "multipart/form-data"),  # no boundary
        (b"--x\r\nbroken", "multipart/form-data; boundary=\u00e9"),
        (b"who-injects=%ff%fe", "application/x-www-form-urlencoded; charset=utf-16"),
        (b"who-injects=\xff", "application/x-www-form-urlencoded; charset=utf-32"),
    ],
    ids=["too-many-fields", "no-boundary", "bad-boundary", "utf-16", "utf-32"],
)
def test_unreadable_bodies_get_a_no_store_400(small_site, client, body, content_type):
    response = client.generic("POST", CHECKLIST, body, content_type=content_type)
    assert response.status_code == 400
    assert_no_store(response)
    assert b"could not read that" in response.content


def test_unknown_charset_is_read_as_utf8(small_site, client):
    # Django ignores a charset it does not know; the reader gets the form back, not a 500.
    body = b"who-injects=yes"
    content_type = "application/x-www-form-urlencoded; charset=nope-42"
    response = client.generic("POST", CHECKLIST, body, content_type=content_type)
    assert response.status_code == 200
    assert_no_store(response)


def test_too_many_fields_is_a_400_not_a_result(small_site, client):
    body = "&".join(f"f{i}=1" for i in range(1500)).encode()
    response = client.generic(
        "POST", CHECKLIST, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert_no_store(response)


# --- QR codes on long URLs -------------------------------------------------------------------


@pytest.mark.parametrize("length", [2400, 5000])
def test_long_path_is_a_404_not_a_500(small_site, client, length):
    response = client.get("/" + "a" * length + "/")
    assert response.status_code == 404
    assert b"print-footer__qr" not in response.content  # no code fits such an address


# Digits pack densely into a QR code (numeric mode), so it takes a longer port to overflow.
@pytest.mark.parametrize("length", [2400, 7000])
def test_long_host_port_still_serves_the_page(small_site, client, length):
    response = client.get("/articles/first-article/", HTTP_HOST="localhost:" + "1" * length)
    assert response.status_code == 200
    assert b"First article" in response.content


def test_normal_pages_keep_their_qr_code(small_site, client):
    response = client.get("/articles/first-article/")
    assert b'class="print-footer__qr"><svg' in response.content


# --- The page memo key includes the scheme ---------------------------------------------------


def canonical(response) -> str:
    return re.search(rb'<link rel="canonical" href="([^"]+)"', response.content).group(1).decode()


# Behind a TLS proxy both requests carry the same Host header; only the scheme differs.
SECURE = {"HTTP_HOST": "localhost", "HTTP_X_FORWARDED_PROTO": "https"}
PLAIN = {"HTTP_HOST": "localhost"}


def test_memo_keeps_http_and_https_pages_apart(small_site, client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for _ in range(2):
        secure = client.get("/articles/first-article/", **SECURE)
        assert canonical(secure) == "https://localhost/articles/first-article/"
    plain = client.get("/articles/first-article/", **PLAIN)
    assert canonical(plain) == "http://localhost/articles/first-article/"
    assert b"https://localhost" not in plain.content  # og:, canonical and QR links
    assert b"http://localhost" not in secure.content
    again = client.get("/articles/first-article/", **SECURE)
    assert canonical(again).startswith("https://")


def test_qr_file_follows_the_scheme(small_site, client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client.get("/qr/articles/first-article/", **SECURE)
    plain = client.get("/qr/articles/first-article/", **PLAIN)
    assert b"http://localhost/articles/first-article/" in plain.content


# --- HEAD works wherever GET does ------------------------------------------------------------

HEAD_URLS = [
    "/healthz",
    "/robots.txt",
    "/checklists/",
    "/qr/",
    "/qr/articles/first-article/",
    "/",
    "/articles/first-article/",
    CHECKLIST,
    "/sitemap.xml",
    "/feed/",
]


@pytest.mark.parametrize("url", HEAD_URLS)
def test_head_works_wherever_get_does(small_site, client, url):
    # Twice: the first may render, the second comes from the memo.
    for _ in range(2):
        head = client.head(url)
        assert head.status_code == 200, url
    get = client.get(url)
    assert head.headers["Content-Type"] == get.headers["Content-Type"]


# --- Redirects to HTTPS carry the security headers -------------------------------------------


def test_https_redirect_carries_security_headers(small_site, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/articles/first-article/")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" in response.headers
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


# --- A bad Host header is logged once, short, without a traceback ----------------------------


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_bad_host_is_logged_once_and_short(small_site, client):
    records, others = Records(), Records()
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(records)
    logging.getLogger("django.request").addHandler(others)
    try:
        response = client.get("/articles/first-article/", HTTP_HOST="evil-" + "x" * 12_000)
    finally:
        logger.removeHandler(records)
        logging.getLogger("django.request").removeHandler(others)
    assert response.status_code == 400
    assert others.records == []  # not logged a second time as a bad request
    assert len(records.records) == 1
    record = records.records[0]
    assert record.exc_info is None and record.exc_text is None
    text = logging.Formatter().format(record)
    assert len(text) < 300
    assert "\n" not in text
    assert "evil-xxx" in text  # still a hint for the operator


# --- TRACE and OPTIONS get no page and nothing cacheable -------------------------------------


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("url", ["/", "/articles/first-article/", "/warning-signs/", "/about/"])
def test_other_methods_get_an_uncacheable_405(small_site, client, method, url):
    response = client.generic(method, url)
    assert response.status_code == 405
    assert b"<html" not in response.content
    assert "public" not in response.headers.get("Cache-Control", "")
    assert "no-store" in response.headers.get("Cache-Control", "")
    assert "GET" in response.headers["Allow"]


def test_post_to_a_content_page_is_refused(small_site, client):
    assert client.post("/articles/first-article/").status_code == 405


# --- The report-only CSP allows Bootstrap's data: radio image --------------------------------


def test_report_only_policy_allows_bootstraps_data_images(small_site, client, settings):
    policy = client.get(CHECKLIST).headers["Content-Security-Policy-Report-Only"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert "data:" in directives["img-src"]
    css = (settings.BASE_DIR / "static/vendor/bootstrap/bootstrap.min.css").read_text()
    data_urls = re.findall(r"url\(\"?(data:[^;,]+)", css)
    assert data_urls, "the vendored CSS has data: images; the test must see them"
    assert set(data_urls) == {"data:image/svg+xml"}  # images only, which img-src governs
