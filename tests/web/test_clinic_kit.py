"""The clinic kit: PDF handouts, the embeddable warning-signs card, oEmbed, the content API,
the Atom ids and the licence."""

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader

from articles import api, handouts

ROOT = Path(__file__).resolve().parents[2]
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


@pytest.fixture(autouse=True)
def _real_site(real_content, client):
    handouts.forget_handouts()
    yield
    handouts.forget_handouts()


def pdf_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response, PdfReader(io.BytesIO(response.content))


def text_of(reader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def page_size(reader, index=0):
    box = reader.pages[index].mediabox
    return (round(float(box.width), 2), round(float(box.height), 2))


# --- PDF handouts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page_path",
    ["/articles/slow-infections/", "/warning-signs/", "/checklists/practitioner/"],
)
def test_handout_carries_title_address_dates_version_and_sources(client, page_path):
    from articles.content import get_registry

    _, reader = pdf_of(client, handouts.handout_path(page_path))
    text = text_of(reader)
    page = client.get(page_path).content.decode()
    title = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL).group(1).strip()
    assert title in text
    assert f"http://testserver{page_path}" in text
    assert "Page 1 of" in text
    assert re.search(r"Version [0-9a-f]{10}", text)
    document = get_registry().documents.get(page_path)
    if document is not None:
        # In the closing footer ("Page last reviewed: 1 December 2026") or, where the sheet
        # count is tight, in the masthead ("Reviewed 1 Dec 2026 · next review Dec 2027").
        assert (
            (
                f"Page last reviewed: {document.reviewed:%-d %B %Y}" in text
                and f"Next review due: {document.next_review:%-d %B %Y}" in text
            )
            or f"Reviewed {document.reviewed:%-d %b %Y} · next review {document.next_review:%b %Y}"
            in text
        )
        for source in document.sources[:3]:
            assert source.url.removeprefix("https://")[:25] in text.replace(" ", "")


def test_handout_is_tagged_with_title_and_language(client):
    _, reader = pdf_of(client, "/warning-signs/handout.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("en")
    assert reader.metadata.title.startswith("Warning signs")


def test_handout_paper_sizes_are_exact(client):
    _, a4 = pdf_of(client, "/warning-signs/handout.pdf")
    _, letter = pdf_of(client, "/warning-signs/handout.pdf?paper=letter")
    assert all(page_size(a4, i) == A4 for i in range(len(a4.pages)))
    assert all(page_size(letter, i) == LETTER for i in range(len(letter.pages)))


@pytest.mark.parametrize("paper", ["", "a4", "letter"])
@pytest.mark.parametrize("page", ["/warning-signs/", "/es/senales-de-alarma/"])
def test_warning_signs_handout_fits_on_two_pages(client, paper, page):
    _, reader = pdf_of(client, f"{page}handout.pdf?paper={paper}")
    assert len(reader.pages) <= 2
    if page.startswith("/es/"):
        text = reader.pages[0].extract_text()
        assert "Página 1 de" in text and "112" in text and "Emergencia" not in text.split("\n")[0]


def test_unknown_paper_size_is_a_clear_400_not_cached(client):
    response = client.get("/warning-signs/handout.pdf?paper=tabloid")
    assert response.status_code == 400
    assert b"paper=letter" in response.content
    assert "no-store" in response["Cache-Control"]


def test_handout_for_a_missing_page_is_404(client):
    assert client.get("/articles/no-such-page/handout.pdf").status_code == 404
    assert client.get("/checklists/no-such-list/handout.pdf").status_code == 404


def test_handout_is_built_once_per_page_and_paper(client, monkeypatch):
    calls = []
    real_write = handouts.weasyprint.HTML.write_pdf

    def counting_write(self, *args, **kwargs):
        calls.append(1)
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(handouts.weasyprint.HTML, "write_pdf", counting_write)
    first = client.get("/warning-signs/handout.pdf")
    second = client.get("/warning-signs/handout.pdf")
    assert first.content == second.content
    assert len(calls) == 1
    client.get("/warning-signs/handout.pdf?paper=letter")
    assert len(calls) == 2


def test_odd_query_strings_do_not_grow_the_handout_memo(client):
    for value in ["UK", "uk", "zz", "x" * 500, ""]:
        response = client.get("/articles/slow-infections/handout.pdf", {"region": value})
        assert response.status_code == 200
    assert len(handouts._memo) == 1


def test_warning_signs_handout_follows_the_region(client):
    _, uk = pdf_of(client, "/warning-signs/handout.pdf?region=UK")
    assert "Call 999" in text_of(uk)


def test_handout_is_publicly_cacheable_with_a_working_etag(client):
    response = client.get("/warning-signs/handout.pdf")
    assert "public" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get("/warning-signs/handout.pdf", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    letter = client.get("/warning-signs/handout.pdf?paper=letter")
    assert letter["ETag"] != etag


def test_handout_loads_nothing_from_another_host():
    fetcher = handouts._static_only_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("https://cdn.example.com/x.css")
    found = fetcher.fetch("http://testserver/static/css/site.css")
    assert found.status == 200


def test_pages_link_to_their_handouts(client):
    page = client.get("/articles/slow-infections/").content.decode()
    assert 'href="/articles/slow-infections/handout.pdf"' in page
    assert 'href="/articles/slow-infections/handout.pdf?paper=letter"' in page
    assert 'href="/warning-signs/handout.pdf"' in client.get("/warning-signs/").content.decode()


def test_without_weasyprint_the_link_says_so_and_the_handout_is_503(client, monkeypatch):
    monkeypatch.setattr(handouts, "weasyprint", None)
    page = client.get("/articles/slow-infections/?fresh=1").content.decode()
    assert "PDF handouts are not available on this server" in page
    assert "handout.pdf" not in page
    response = client.get("/warning-signs/handout.pdf")
    assert response.status_code == 503
    assert b"Print the page from your browser" in response.content


# --- the embeddable card and oEmbed ---------------------------------------------------------


def test_embed_card_can_be_framed_and_nothing_else_can(client):
    embed = client.get("/embed/warning-signs/")
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    for path in ["/", "/warning-signs/", "/articles/slow-infections/", "/api/v1/pages/"]:
        response = client.get(path)
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], path
        assert response["X-Frame-Options"] == "DENY", path


def test_embed_card_has_the_four_levels_numbers_and_a_link_back(client):
    html = client.get("/embed/warning-signs/?region=UK").content.decode()
    for level in ["emergency", "urgent", "soon", "expected"]:
        assert f"care-card--{level}" in html
    assert 'href="tel:999"' in html
    assert 'href="tel:911"' in html  # the other regions' numbers too
    assert 'href="http://testserver/warning-signs/"' in html
    assert "Last reviewed" in html
    assert "<script" not in html
    assert 'href="#source-' not in html  # sources live on the full page


def test_oembed_returns_rich_iframe_for_the_warning_signs_page(client):
    response = client.get("/oembed", {"url": "http://testserver/warning-signs/", "format": "json"})
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == "1.0"
    assert data["type"] == "rich"
    assert 'src="http://testserver/embed/warning-signs/"' in data["html"]
    assert data["width"] and data["height"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_oembed_errors_follow_the_spec(client):
    assert client.get("/oembed", {"url": "http://testserver/about/"}).status_code == 404
    assert client.get("/oembed", {"url": "https://evil.example/warning-signs/"}).status_code == 404
    assert client.get("/oembed").status_code == 404
    bad_format = client.get("/oembed", {"url": "/warning-signs/", "format": "xml"})
    assert bad_format.status_code == 501


def test_oembed_is_discoverable_from_the_page_that_has_an_embed(client):
    page = client.get("/warning-signs/").content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    assert link
    discovered = client.get(link.group(1).replace("&amp;", "&"))
    assert discovered.status_code == 200
    assert "application/json+oembed" not in client.get("/about/").content.decode()


# --- the content API ------------------------------------------------------------------------


def schema(name):
    return json.loads((api.SCHEMA_DIR / f"{name}.json").read_text())


def test_api_list_validates_and_lists_every_published_page(client):
    from articles.content import get_registry

    response = client.get("/api/v1/pages/")
    data = response.json()
    jsonschema.validate(data, schema("page-list"))
    listed = {page["url"].removeprefix("http://testserver") for page in data["pages"]}
    assert listed == set(get_registry().documents)


def test_api_page_validates_and_carries_sections_sources_and_dates(client):
    from articles.content import get_registry

    document = get_registry().documents["/articles/slow-infections/"]
    data = client.get("/api/v1/pages/articles/slow-infections/").json()
    jsonschema.validate(data, schema("page"))
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == document.reviewed.isoformat()
    assert data["next_review"] == document.next_review.isoformat()
    assert [c["url"] for c in data["citation"]] == [s.url for s in document.sources]
    section_ids = [part["id"] for part in data["hasPart"] if part["id"]]
    assert section_ids == [h.id for h in document.contents]
    assert all("<script" not in part["html"] for part in data["hasPart"])


def test_api_is_open_and_cached_like_pages(client):
    response = client.get("/api/v1/pages/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    again = client.get("/api/v1/pages/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_api_unknown_page_is_404(client):
    assert client.get("/api/v1/pages/articles/nope/").status_code == 404
    assert client.get("/api/v1/schema/nope.json").status_code == 404


def test_api_schemas_are_served(client):
    for name in ["page-list", "page"]:
        served = client.get(f"/api/v1/schema/{name}.json").json()
        jsonschema.Draft202012Validator.check_schema(served)


def test_api_version_changes_when_the_page_changes(content_dir, client):
    content_dir.article("first-article", title="First article")
    content_dir.warning_signs()
    before = client.get("/api/v1/pages/").json()["pages"]
    content_dir.article("first-article", title="First article, renamed")
    from tests.factories import clear_caches

    clear_caches()
    after = client.get("/api/v1/pages/?again=1").json()["pages"]
    version = {p["title"]: p["version"] for p in before + after}
    assert version["First article"] != version["First article, renamed"]


# --- feed and licence -----------------------------------------------------------------------


def test_feed_entry_ids_are_absolute_tag_uris(client, settings):
    settings.MESOGUIDE_BASE_URL = "https://guide.example.org"
    feed = client.get("/feed/").content.decode()
    ids = re.findall(r"<entry>.*?<id>([^<]+)</id>", feed, re.DOTALL)
    assert ids
    assert all(re.fullmatch(r"tag:guide\.example\.org,2026:/\S+", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_licence_files_and_credit_line():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    content_licence = (ROOT / "LICENSE-CONTENT.md").read_text()
    assert "CC BY-ND 4.0" in content_licence
    assert "https://creativecommons.org/licenses/by-nd/4.0/legalcode" in content_licence


def test_for_clinics_page_documents_the_kit_with_working_examples(client):
    page = client.get("/for-clinics/").content.decode()
    for needle in ["CC BY-ND 4.0", "/embed/warning-signs/", "/oembed?url=", "/api/v1/pages/"]:
        assert needle in page
    for href in re.findall(r'href="(/[^"#]*)"', page):
        href = href.replace("&amp;", "&")
        assert client.get(href).status_code in {200, 301}, href
