"""The Spanish edition: linked both ways, in the sitemap and search, cacheable by URL alone."""

import io
import re

import pytest
from django.core.management import call_command

from articles.content import languages, readability

PAIRS = [
    ("/", "/es/"),
    ("/articles/slow-infections/", "/es/articulos/infecciones-lentas/"),
    ("/warning-signs/", "/es/senales-de-alarma/"),
    ("/checklists/your-health/", "/es/listas/su-salud/"),
    ("/after-treatment/record/", "/es/despues-del-tratamiento/registro/"),
    ("/about/", "/es/acerca-de/"),
    ("/articles/", "/es/articulos/"),
]


def _alternates(html: str) -> dict[str, str]:
    found = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    return {code: re.sub(r"^https?://[^/]+", "", href) for code, href in found}


@pytest.mark.parametrize(("english", "spanish"), PAIRS)
def test_hreflang_pairs_and_language_links_go_both_ways(real_content, client, english, spanish):
    for here, lang, other in ((english, "en", spanish), (spanish, "es", english)):
        response = client.get(here)
        assert response.status_code == 200, here
        html = response.content.decode()
        assert _alternates(html) == {"en": english, "es": spanish, "x-default": english}
        assert re.search(rf'<html lang="{lang}"', html)
        link = re.search(r'class="site-header__language" href="([^"]+)" lang="(\w+)"', html)
        assert link.groups() == (other, "es" if lang == "en" else "en")


def test_every_english_page_checklist_and_tool_has_a_spanish_counterpart(real_registry):
    english = real_registry.edition("en")
    spanish = real_registry.edition("es")
    items = [*english.documents.values(), *english.checklists.values(), *english.tools.values()]
    missing = [item.url for item in items if item.url not in english.counterparts]
    assert missing == []
    for item in items:
        assert english.counterparts[item.url].startswith("/es/")
    assert len(spanish.documents) == len(english.documents)


def test_spanish_pages_read_easily_on_the_inflesz_scale(real_registry):
    spanish = real_registry.edition("es")
    items = [*spanish.documents.values(), *spanish.checklists.values(), *spanish.tools.values()]
    scores = {item.url: item.reading_ease for item in items}
    assert min(scores.values()) >= readability.MIN_EASE, scores
    assert all(readability.score_problem(item, 1) is None for item in items)


def test_the_url_alone_decides_the_language(real_content, client):
    plain = client.get("/articles/slow-infections/")
    spanish_browser = client.get(
        "/articles/slow-infections/",
        HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9",
        HTTP_COOKIE="django_language=es",
    )
    assert spanish_browser.content == plain.content
    assert 'lang="en"' in plain.content.decode()
    for response in (plain, spanish_browser, client.get("/es/articulos/infecciones-lentas/")):
        assert "Accept-Language" not in response.headers.get("Vary", "")
        assert "language" not in response.cookies
    assert client.get("/es/").headers["Content-Language"] == "es"


def test_sitemap_lists_both_editions(real_content, client):
    xml = client.get("/sitemap.xml").content.decode()
    for english, spanish in PAIRS[:4]:
        assert f"{english}</loc>" in xml
        assert f"{spanish}</loc>" in xml


def test_spanish_search_finds_spanish_pages_with_or_without_accents(real_content, client):
    for query in ("infeccion", "infección", "micobacterias"):
        html = client.get("/es/buscar/", {"q": query}).content.decode()
        results = re.findall(r'<a href="(/[^"]+)"[^>]*class="search-result__link"|'
                             r'class="search-result__link"[^>]*href="(/[^"]+)"', html)  # fmt: skip
        urls = [a or b for a, b in results] or re.findall(r'href="(/es/articulos/[^"]+)"', html)
        assert "/es/articulos/infecciones-lentas/" in urls, query
    english = client.get("/search/", {"q": "infection"}).content.decode()
    assert "/es/articulos/" not in english.split("<main", 1)[1].split("</main>")[0]


def test_a_spanish_checklist_gives_a_spanish_result(real_registry, real_content, client):
    checklist = real_registry.edition("es").checklists["su-salud"]
    answers = {q.id: q.choices[-1].value for q in checklist.questions}
    response = client.post("/es/listas/su-salud/", answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="es"' in html
    assert any(verdict in html for verdict in checklist.verdicts.values())
    assert "no-store" in response.headers["Cache-Control"]
    assert "Accept-Language" not in response.headers.get("Vary", "")


def test_spanish_warning_signs_give_spain_mexico_and_us_numbers_with_sources(real_content, client):
    html = client.get("/es/senales-de-alarma/").content.decode()
    for number in ("112", "911"):
        assert f'href="tel:{number}"' in html
    assert "https://digital-strategy.ec.europa.eu/es/policies/112" in html
    assert "https://www.gob.mx/policiafederal/articulos/088-911" in html


def _spanish_copy(content_dir):
    content_dir.article("first-article", title="First article", order=10)
    content_dir.warning_signs()
    path = content_dir.spanish_article("primer-articulo", "first-article")
    call_command("recordtranslation", content_dir=str(content_dir.root), stdout=io.StringIO())
    return path


def test_a_page_only_in_english_explains_itself_instead_of_a_404(content_dir, client):
    content_dir.article("only-english", title="Only in English", order=20)
    _spanish_copy(content_dir)
    english = client.get("/articles/only-english/").content.decode()
    link = re.search(r'class="site-header__language" href="([^"]+)"', english).group(1)
    assert link == "/es/articulos/only-english/"
    assert _alternates(english) == {}  # no translation: no hreflang pair
    response = client.get(link)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Esta página solo está disponible en inglés" in html
    assert 'href="/articles/only-english/"' in html
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert client.get("/es/articulos/no-existe/").status_code == 404


def test_a_stale_translation_says_so_and_links_to_the_english(content_dir, client):
    _spanish_copy(content_dir)
    assert "translation-notice" not in client.get("/es/articulos/primer-articulo/").content.decode()
    content_dir.article(
        "first-article", title="First article", order=10,
        changes="[{date: 2026-11-20, summary: New advice on lumps, type: major}]",
        body="Something new.[^1][^2][^3]\n\n## What happens\n\nNew text.\n",
    )  # fmt: skip
    html = client.get("/es/articulos/primer-articulo/").content.decode()
    notice = html.split('class="translation-notice"', 1)[1].split("</div>", 1)[0]
    assert "La página en inglés se actualizó el 20 de noviembre de 2026" in notice
    assert 'href="/articles/first-article/"' in notice
    assert languages.of_path("/es/articulos/primer-articulo/") == "es"


@pytest.mark.django_db
@pytest.mark.db
def test_feedback_on_a_spanish_page_is_stored_against_that_page(real_content, client):
    from django.core.cache import cache

    from articles.models import Feedback

    cache.clear()
    html = client.get("/es/articulos/infecciones-lentas/").content.decode()
    action = re.search(r'<form[^>]+action="([^"]+)"[^>]*class="feedback', html) or re.search(
        r'class="feedback[^"]*"[^>]*action="([^"]+)"', html
    )
    assert action and action.group(1) == "/es/feedback/"
    response = client.post(
        "/es/feedback/", {"page": "/es/articulos/infecciones-lentas/", "answer": "yes"},
        HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin",
    )  # fmt: skip
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()
    assert Feedback.objects.get().page == "/es/articulos/infecciones-lentas/"
    cache.clear()
