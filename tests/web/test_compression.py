"""Compression from our own server: brotli and gzip by Accept-Encoding, compressed once."""

import gzip

import brotli
import pytest

from mesoguide import caching, compression
from mesoguide.compression import choose_encoding

ARTICLE = "/articles/first-article/"
CHECKLIST = "/checklists/practitioner/"


def decode(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.content)
    if encoding == "gzip":
        return gzip.decompress(response.content)
    assert encoding is None, encoding
    return response.content


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("identity", None),
        ("gzip", "gzip"),
        ("x-gzip", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=0, gzip", "gzip"),
        ("br;q=0.0, gzip;q=0.5", "gzip"),
        ("gzip;q=0, br;q=0", None),
        ("gzip;q=1, br;q=0.5", "gzip"),
        ("BR;Q=0.9, GZIP;Q=0.9", "br"),  # ties go to brotli
        ("*", "br"),
        ("*;q=0", None),
        ("*;q=0, gzip", "gzip"),
        ("br;q=0, *", "gzip"),
        ("br;q=abc, gzip;q=2", None),  # unreadable or out-of-range weights are not a yes
        ("deflate, compress", None),
        (",,;;,=", None),
    ],
)
def test_choose_encoding_honours_weights(header, expected):
    assert choose_encoding(header) == expected


@pytest.mark.parametrize("url", [ARTICLE, "/", "/warning-signs/", "/about/", CHECKLIST])
@pytest.mark.parametrize("accept", ["br", "gzip", "br, gzip", "identity", ""])
def test_pages_are_sent_in_the_chosen_encoding(small_site, client, url, accept):
    plain = client.get(url).content
    response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == choose_encoding(accept)
    assert "Accept-Encoding" in response.headers["Vary"]
    assert decode(response) == plain
    if choose_encoding(accept):
        assert len(response.content) < len(plain) / 2


@pytest.mark.parametrize("url", ["/sitemap.xml", "/feed/", "/robots.txt", "/qr/"])
def test_xml_feeds_text_and_svg_are_compressed(small_site, client, url):
    response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    if len(client.get(url).content) >= compression.MIN_SIZE:
        assert response.headers["Content-Encoding"] == "br"
        assert "Accept-Encoding" in response.headers["Vary"]
    else:
        assert "Content-Encoding" not in response.headers


def test_tiny_responses_are_not_compressed(small_site, client):
    response = client.get("/healthz", HTTP_ACCEPT_ENCODING="br, gzip")
    assert "Content-Encoding" not in response.headers
    assert response.content == b"ok"


def test_each_encoding_has_its_own_strong_etag_and_304(small_site, client):
    etags = {}
    for accept in ("identity", "gzip", "br"):
        response = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=accept)
        etag = response.headers["ETag"]
        assert etag.startswith('"') and etag.endswith('"')  # strong
        etags[accept] = etag
    assert len(set(etags.values())) == 3
    for accept, etag in etags.items():
        same = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=accept, HTTP_IF_NONE_MATCH=etag)
        assert same.status_code == 304, accept
        assert same.headers["ETag"] == etag
        assert "Accept-Encoding" in same.headers["Vary"]
        for other_accept, other in etags.items():
            if other_accept != accept:
                fresh = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=accept, HTTP_IF_NONE_MATCH=other)
                assert fresh.status_code == 200, (accept, other_accept)


def test_etags_are_the_same_in_every_process(small_site, client):
    first = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip")
    caching.forget_pages()  # as if another worker rendered the page
    second = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip")
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.content == second.content


def test_public_pages_are_compressed_once(small_site, client, monkeypatch):
    calls = []
    real = compression.compress

    def counting(content, encoding, levels):
        calls.append(encoding)
        return real(content, encoding, levels)

    monkeypatch.setattr(caching, "compress", counting)
    monkeypatch.setattr(compression, "compress", counting)
    client.get(ARTICLE, HTTP_ACCEPT_ENCODING="br")
    assert sorted(calls) == ["br", "gzip"]  # both stored with the page
    for accept in ("br", "gzip", "br, gzip", "", "gzip;q=0, br"):
        response = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=accept)
        assert response.status_code == 200
    assert sorted(calls) == ["br", "gzip"]


def test_head_gets_the_encoded_headers(small_site, client):
    get = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="br")
    head = client.head(ARTICLE, HTTP_ACCEPT_ENCODING="br")
    assert head.headers["Content-Encoding"] == "br"
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Length"] == str(len(get.content))


def test_content_length_is_the_compressed_length(small_site, client):
    response = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip")
    assert response.headers["Content-Length"] == str(len(response.content))


def test_checklist_result_is_compressed_per_request_and_private(small_site, client):
    answers = {"who-injects": "yes", "where": "clinic"}
    response = client.post(CHECKLIST, answers, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers
    body = decode(response)
    assert b"<html" in body
    refused = client.post(CHECKLIST, answers, HTTP_ACCEPT_ENCODING="gzip;q=0")
    assert "Content-Encoding" not in refused.headers


def test_blank_checklist_form_is_compressed_and_stays_private(small_site, client):
    response = client.get(CHECKLIST, HTTP_ACCEPT_ENCODING="br")
    assert response.headers["Content-Encoding"] == "br"
    assert "no-store" in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]


def test_error_pages_are_compressed(small_site, client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_ENCODING="br")
    assert response.status_code == 404
    assert response.headers["Content-Encoding"] == "br"
    assert b"<html" in decode(response)


def test_pages_compress_per_request_while_content_reloads(small_site, client, settings):
    settings.MESOGUIDE_RELOAD_CONTENT = True  # DEBUG: no memo
    response = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="br")
    assert response.headers["Content-Encoding"] == "br"
    assert b"First article" in decode(response)
    etag = response.headers["ETag"]
    assert (
        client.get(ARTICLE, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=etag).status_code == 304
    )


def test_static_files_are_left_to_whitenoise(small_site, client):
    response = client.get("/static/css/site.css", HTTP_ACCEPT_ENCODING="br")
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") in (None, "br")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.headers.get("Content-Encoding") == "br":
        body = brotli.decompress(body)
    assert b"{" in body
