"""The language comes from the URL alone: /es/ is Spanish; headers and cookies change nothing."""

import pytest
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import get_language

from mesoguide.language import language_for
from mesoguide.urls import urlpatterns as site_urlpatterns


def probe(request):
    return HttpResponse(f"{get_language()} {request.LANGUAGE_CODE}")


# A tiny URLconf until the Spanish routes exist: two probes, then the whole site.
urlpatterns = [
    path("es/probe/", probe),
    path("es", probe),
    path("espanol/", probe),
    path("probe/", probe),
    *site_urlpatterns,
]
SPANISH_HEADERS = {"HTTP_ACCEPT_LANGUAGE": "es-ES,es;q=0.9"}


@pytest.mark.parametrize(
    ("path_info", "language"),
    [("/", "en"), ("/es/", "es"), ("/es", "es"), ("/es/articulos/x/", "es"),
     ("/espanol/", "en"), ("/articles/es/", "en"), ("/ES/", "en")],
)  # fmt: skip
def test_language_is_decided_by_the_path(path_info, language):
    assert language_for(path_info) == language


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "expected"), [("/es/probe/", "es es"), ("/es", "es es"), ("/espanol/", "en en")]
)
def test_an_es_address_activates_spanish(client, url, expected):
    response = client.get(url)
    assert response.content.decode() == expected
    assert response.headers["Content-Language"] == expected[:2]


@pytest.mark.urls(__name__)
def test_accept_language_and_a_language_cookie_change_nothing(client, real_content):
    plain = client.get("/probe/")
    client.cookies["django_language"] = "es"
    asked = client.get("/probe/", **SPANISH_HEADERS)
    assert plain.content == asked.content == b"en en"
    assert asked.headers["Content-Language"] == "en"
    assert "Accept-Language" not in asked.headers.get("Vary", "")


def test_home_page_ignores_spanish_headers_and_cookie(client, real_content):
    plain = client.get("/")
    client.cookies["django_language"] = "es"
    asked = client.get("/", **SPANISH_HEADERS)
    assert plain.status_code == asked.status_code == 200
    assert plain.content == asked.content
    html = asked.content.decode()
    assert '<html lang="en">' in html
    assert "Señales de alarma" not in html
    assert asked.headers["Content-Language"] == "en"
    assert "set-cookie" not in {name.lower() for name in asked.headers}


@pytest.mark.urls(__name__)
def test_no_response_varies_on_accept_language(client, real_content):
    paths = [
        "/", "/articles/", "/articles/slow-infections/", "/warning-signs/", "/checklists/",
        "/checklists/practitioner/", "/after-treatment/", "/search/?q=infection", "/about/",
        "/feed/", "/sitemap.xml", "/embed/warning-signs/", "/no-such-page/", "/es/nada/",
        "/es/probe/",
    ]  # fmt: skip
    for url in paths:
        response = client.get(url, **SPANISH_HEADERS)
        assert "accept-language" not in response.headers.get("Vary", "").lower(), url
        assert response.headers["Content-Language"] == ("es" if url.startswith("/es") else "en")
    response = client.post("/checklists/practitioner/", {}, **SPANISH_HEADERS)
    assert "accept-language" not in response.headers.get("Vary", "").lower()


def test_a_spanish_page_has_the_spanish_interface(client, real_content):
    """The 404 page under /es/ shows base.html in Spanish, linking within the edition."""
    response = client.get("/es/nada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert response.headers["Content-Language"] == "es"
    # Header, the warning-signs link, the page, the footer and the skip link.
    assert (
        '<a class="site-header__help" href="/es/senales-de-alarma/">Señales de alarma</a>' in html
    )
    assert ">Artículos</a>" in html and ">Buscar</a>" in html
    assert "<h1>No se encuentra la página</h1>" in html
    assert "<strong>Mesoguide no es consejo médico.</strong>" in html
    assert "Ningún profesional sanitario revisa nuestras páginas." in html
    assert "Saltar al contenido principal" in html
    assert '<meta property="og:locale" content="es_ES">' in html
    for english in ("Warning signs", "Page not found", "Skip to main content", "Who publishes"):
        assert english not in html


def test_the_english_interface_is_unchanged(client, real_content):
    html = client.get("/no-such-page/").content.decode()
    assert '<html lang="en">' in html
    assert '<a class="site-header__help" href="/warning-signs/">Warning signs</a>' in html
    assert "<h1>Page not found</h1>" in html
    assert "<strong>Mesoguide is not medical advice.</strong>" in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert "Señales" not in html
