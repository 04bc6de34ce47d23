"""The web layer's view of the engine: sitemaps from every app, URLs from the URLconf,
caches told of new content by a signal, settings that change the HTML reload it."""

import re

from django.core import checks
from django.urls import path

from articles.content import content_changed, get_registry
from mesoguide import caching, views
from mesoguide.checks import documents_resolve_to_their_views
from mesoguide.urls import urlpatterns as site_urlpatterns

# A URLconf in which a new fixed path shadows the site page /about/.
urlpatterns = [path("about/", views.healthz, name="shadow"), *site_urlpatterns]


def _locations(client) -> set[str]:
    xml = client.get("/sitemap.xml").content.decode()
    return {re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", xml)}


def test_the_sitemap_lists_every_checklist_and_the_checklist_list(small_site, client):
    locations = _locations(client)
    assert {"/checklists/", "/checklists/practitioner/"} <= locations
    assert {"/", "/articles/", "/articles/first-article/", "/about/", "/warning-signs/"} <= (
        locations
    )


def test_the_system_check_passes_for_the_real_site(real_content):
    assert documents_resolve_to_their_views() == []


def test_the_system_check_fails_when_a_url_pattern_shadows_a_document(small_site, settings):
    get_registry()  # loaded with the real URLconf, where /about/ is the site page
    settings.ROOT_URLCONF = __name__
    errors = documents_resolve_to_their_views()
    assert [e.id for e in errors] == ["mesoguide.E001"]
    assert "/about/ (about.md) resolves to shadow, not to page" in errors[0].msg
    assert isinstance(errors[0], checks.Error)


def test_the_system_check_covers_the_after_treatment_tools(small_site, settings):
    from types import ModuleType

    from tests.tool_fixtures import DIARY_YAML, write_tool

    write_tool(small_site, "diary", DIARY_YAML)
    get_registry()
    shadowing = [path("after-treatment/diary/", views.healthz, name="shadow"), *site_urlpatterns]
    settings.ROOT_URLCONF = ModuleType("shadowing_urls")
    settings.ROOT_URLCONF.urlpatterns = shadowing
    errors = documents_resolve_to_their_views()
    assert [e.msg for e in errors] == [
        "/after-treatment/diary/ (diary.yaml) resolves to shadow, not to tools:tool"
    ]


def test_the_check_is_registered_with_django(small_site, settings):
    get_registry()
    settings.ROOT_URLCONF = __name__
    found = checks.run_checks(tags=[checks.Tags.urls])
    assert "mesoguide.E001" in [e.id for e in found]


def test_new_content_empties_the_page_memo_through_the_signal(small_site, client):
    client.get("/articles/")
    assert caching._memo
    content_changed.send(sender=None)
    assert not caching._memo


def test_changing_the_contact_email_reloads_the_pages_that_show_it(small_site, client, settings):
    small_site.page("contact", body="Email us at [contact email].\n")
    settings.MESOGUIDE_CONTACT_EMAIL = "first@example.org"
    assert "mailto:first@example.org" in client.get("/contact/").content.decode()
    settings.MESOGUIDE_CONTACT_EMAIL = "second@example.org"
    html = client.get("/contact/").content.decode()
    assert "mailto:second@example.org" in html
    assert "first@example.org" not in html


def test_checklist_answers_are_never_cached_by_anyone(small_site, client):
    response = client.get("/checklists/practitioner/")
    directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
    # Django's never_cache, plus private: the same set as the view's decorator promises.
    assert {"no-cache", "no-store", "must-revalidate", "private", "max-age=0"} <= directives


def test_the_system_check_names_a_file_left_out_because_a_fixed_page_has_its_address(small_site):
    small_site.page("qr", title="QR codes")
    errors = documents_resolve_to_their_views()
    assert [e.id for e in errors] == ["mesoguide.E002"]
    assert "qr.md" in errors[0].obj and "/qr/ is already in use by the site" in errors[0].msg


def test_the_system_check_covers_the_spanish_edition(small_site, settings):
    from types import ModuleType

    small_site.spanish_article("primer-articulo", "first-article")
    get_registry()
    shadowing = [path("es/articulos/primer-articulo/", views.healthz, name="shadow"),
                 *site_urlpatterns]  # fmt: skip
    settings.ROOT_URLCONF = ModuleType("shadowing_spanish_urls")
    settings.ROOT_URLCONF.urlpatterns = shadowing
    errors = documents_resolve_to_their_views()
    assert [e.msg for e in errors] == [
        "/es/articulos/primer-articulo/ (primer-articulo.md) resolves to shadow, "
        "not to articles:detail"
    ]
